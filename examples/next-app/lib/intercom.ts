// The whole Intercom setup of this app. INTERCOM_APP_ID, INTERCOM_IDENTITY_SECRET
// (and _IOS / _ANDROID for the mobile apps) are read per request from the env.
import { createIntercomIdentity } from '@intercom-identity/next';
import { currentUser } from './session';

export const intercom = createIntercomIdentity({
  // Return the signed-in user, or null for a visitor. With Auth.js:
  //   getUser: fromAuthJs(auth)
  getUser: currentUser,
});

export const { IntercomMessenger } = intercom;
