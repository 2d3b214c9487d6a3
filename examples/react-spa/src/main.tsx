import { IntercomProvider } from '@intercom-identity/react/react-use-intercom';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { backend } from './backend';
import { ConsentBanner } from './ConsentBanner';

// react-use-intercom's provider, booted with the proof the backend signs for the
// signed-in user. No appId here: the backend's answer names the workspace, and
// says when the Messenger waits for consent (INTERCOM_CONSENT=required).
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <IntercomProvider endpoint={`${backend}/api/intercom-identity`}>
      <App />
      <ConsentBanner />
    </IntercomProvider>
  </StrictMode>,
);
