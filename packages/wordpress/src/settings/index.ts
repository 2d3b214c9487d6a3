/**
 * Settings > Intercom Identity. Reads and saves through the plugin's REST route
 * `intercom-identity/v1/settings`; the secret field is write-only: the server only
 * ever says whether a secret is set and its last four characters.
 *
 * Written with createElement rather than JSX so the build needs no JSX runtime
 * script, which WordPress before 6.6 does not ship.
 */
import apiFetch from '@wordpress/api-fetch';
import { Button, Card, CardBody, CardHeader, Notice, SelectControl, Spinner, TextControl } from '@wordpress/components';
import domReady from '@wordpress/dom-ready';
import * as element from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

const { Fragment, useEffect, useState } = element;
// Children are passed as arguments, the way createElement takes them; its typings expect
// them among the props of components whose children are required.
const h = element.createElement as unknown as (
  type: unknown,
  props?: Record<string, unknown> | null,
  ...children: unknown[]
) => ReturnType<typeof element.createElement>;

type Field = 'app_id' | 'mode' | 'region' | 'identifier' | 'consent' | 'load' | 'consent_category';
type Platform = 'web' | 'ios' | 'android';

/** What GET /intercom-identity/v1/settings answers. */
export interface SettingsState {
  values: Record<Field, string>;
  secrets: Record<Platform, { set: boolean; last4: string }>;
  locked: Partial<Record<Field | 'secret' | 'secret_ios' | 'secret_android', { source: 'constant' | 'env'; name: string }>>;
  /** Whether the WP Consent API is active: the Messenger then waits for consent in `consent_category`. */
  consent_api: boolean;
  check: {
    signing: { ok: boolean; code: string | null; message: string };
    page_caches: string[];
    warnings: Array<{ code: string; message: string }>;
  };
}

interface ApiError {
  error?: { code?: string; message?: string };
  message?: string;
}

const PATH = '/intercom-identity/v1/settings';

function lockedHelp(state: SettingsState, field: keyof SettingsState['locked']): string | undefined {
  const lock = state.locked[field];
  if (lock === undefined) return undefined;
  return lock.source === 'constant'
    ? sprintf(
        /* translators: %s: constant name such as INTERCOM_APP_ID */
        __('Set by the %s constant in wp-config.php, which wins over this page.', 'intercom-identity'),
        lock.name,
      )
    : sprintf(
        /* translators: %s: environment variable name */
        __('Set by the %s environment variable, which wins over this page.', 'intercom-identity'),
        lock.name,
      );
}

// The WP Consent API's categories; functional first, the default.
const CONSENT_CATEGORIES: ReadonlyArray<readonly [string, string]> = [
  ['functional', __('Functional', 'intercom-identity')],
  ['preferences', __('Preferences', 'intercom-identity')],
  ['statistics', __('Statistics', 'intercom-identity')],
  ['statistics-anonymous', __('Statistics (anonymous)', 'intercom-identity')],
  ['marketing', __('Marketing', 'intercom-identity')],
];

function consentHelp(state: SettingsState): string {
  return state.consent_api
    ? __(
        'The WP Consent API is active, so the Messenger waits for consent in the category below (with either choice here).',
        'intercom-identity',
      )
    : __(
        'Required: nothing of Intercom loads and no cookie is set until your consent tool calls window.grantIntercomConsent().',
        'intercom-identity',
      );
}

function secretStatus(state: SettingsState): string {
  const web = state.secrets.web;
  if (!web.set) return __('No secret is set: logged-in users boot as visitors.', 'intercom-identity');
  return web.last4
    ? sprintf(
        /* translators: %s: last four characters of the secret */
        __('A secret is set, ending in %s. Type a new one to replace it.', 'intercom-identity'),
        web.last4,
      )
    : __('A secret is set. Type a new one to replace it.', 'intercom-identity');
}

function SelfCheck({ state }: { state: SettingsState }) {
  const { signing, page_caches: caches } = state.check;
  return h(
    Card,
    { className: 'intercom-identity-self-check' },
    h(CardHeader, null, h('h2', null, __('Self-check', 'intercom-identity'))),
    h(
      CardBody,
      null,
      h(
        Notice,
        { status: signing.ok ? 'success' : 'warning', isDismissible: false },
        signing.ok
          ? signing.message
          : `${__('Signing does not work yet.', 'intercom-identity')} ${signing.code ? `${signing.code}: ` : ''}${signing.message}`,
      ),
      h(
        Notice,
        { status: caches.length === 0 ? 'success' : 'warning', isDismissible: false },
        caches.length === 0
          ? __('No known page-cache plugin is active.', 'intercom-identity')
          : sprintf(
              /* translators: %s: list of page-cache plugin names */
              __(
                'Page cache active: %s. Pages with a signed user are marked DONOTCACHEPAGE and Cache-Control: private, no-store; check that your cache honours them and never caches pages for logged-in users.',
                'intercom-identity',
              ),
              caches.join(', '),
            ),
      ),
      ...state.check.warnings.map((warning) =>
        h(Notice, { key: warning.code, status: 'warning', isDismissible: false }, `${warning.code}: ${warning.message}`),
      ),
    ),
  );
}

function SettingsApp() {
  const [state, setState] = useState<SettingsState | null>(null);
  const [draft, setDraft] = useState<Record<Field, string>>({
    app_id: '',
    mode: '',
    region: '',
    identifier: '',
    consent: '',
    load: '',
    consent_category: '',
  });
  const [secret, setSecret] = useState('');
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<{ status: 'success' | 'error'; text: string } | null>(null);

  const load = (next: SettingsState) => {
    setState(next);
    setDraft({ ...next.values });
  };

  useEffect(() => {
    apiFetch<SettingsState>({ path: PATH })
      .then(load)
      .catch((error: ApiError) =>
        setNotice({
          status: 'error',
          text: error.error?.message ?? error.message ?? __('Could not load the settings.', 'intercom-identity'),
        }),
      );
  }, []);

  if (state === null) return notice ? h(Notice, { status: 'error', isDismissible: false }, notice.text) : h(Spinner, null);

  const save = () => {
    setSaving(true);
    setNotice(null);
    const data: Record<string, string> = {};
    for (const field of Object.keys(draft) as Field[]) if (state.locked[field] === undefined) data[field] = draft[field];
    if (secret.trim() !== '') data.secret = secret;
    apiFetch<SettingsState>({ path: PATH, method: 'POST', data })
      .then((next) => {
        load(next);
        // The typed secret leaves the page's memory as soon as the server has it.
        setSecret('');
        setNotice({ status: 'success', text: __('Settings saved.', 'intercom-identity') });
      })
      .catch((error: ApiError) =>
        setNotice({ status: 'error', text: error.error?.message ?? error.message ?? __('Could not save.', 'intercom-identity') }),
      )
      .finally(() => setSaving(false));
  };

  const text = (field: Field, label: string, help?: string) =>
    h(TextControl, {
      label,
      value: draft[field],
      disabled: state.locked[field] !== undefined,
      help: lockedHelp(state, field) ?? help,
      onChange: (value: string) => setDraft({ ...draft, [field]: value }),
      __nextHasNoMarginBottom: true,
    });
  // What a field that was never chosen shows: the value the plugin uses for it (the first choice).
  const select = (field: Field, label: string, options: Array<{ label: string; value: string }>, unset?: string, help?: string) =>
    h(SelectControl, {
      label,
      value: draft[field] || unset || options[0]?.value,
      options,
      disabled: state.locked[field] !== undefined,
      help: lockedHelp(state, field) ?? help,
      onChange: (value: string) => setDraft({ ...draft, [field]: value }),
      __nextHasNoMarginBottom: true,
    });

  return h(
    Fragment,
    null,
    notice ? h(Notice, { status: notice.status, isDismissible: false }, notice.text) : null,
    h(
      Card,
      null,
      h(
        CardBody,
        null,
        text('app_id', __('App ID', 'intercom-identity'), __('Your Intercom workspace id.', 'intercom-identity')),
        h(TextControl, {
          label: __('Identity Verification secret', 'intercom-identity'),
          type: 'password',
          autoComplete: 'new-password',
          value: secret,
          disabled: state.locked.secret !== undefined,
          help: lockedHelp(state, 'secret') ?? secretStatus(state),
          onChange: (value: string) => setSecret(value),
          __nextHasNoMarginBottom: true,
        }),
        h('p', { id: 'intercom-identity-secret-status' }, secretStatus(state)),
        // A mode never chosen is the plugin's default (Intercom_Identity_Config::default_mode):
        // JWT, or user_hash while users are identified by email, since a JWT needs a user id.
        select(
          'mode',
          __('Mode', 'intercom-identity'),
          [
            { label: __('JWT (Messenger security)', 'intercom-identity'), value: 'jwt' },
            { label: __('user_hash (Identity Verification, the compatible mode)', 'intercom-identity'), value: 'user_hash' },
          ],
          draft.identifier === 'email' ? 'user_hash' : 'jwt',
          __(
            'JWT is the default and uses the same secret. Sites that identify users by email keep user_hash until they choose JWT.',
            'intercom-identity',
          ),
        ),
        select('region', __('Region', 'intercom-identity'), [
          { label: __('United States', 'intercom-identity'), value: 'us' },
          { label: __('Europe', 'intercom-identity'), value: 'eu' },
          { label: __('Australia', 'intercom-identity'), value: 'au' },
        ]),
        select('identifier', __('Identify users by', 'intercom-identity'), [
          { label: __('WordPress user ID', 'intercom-identity'), value: 'id' },
          { label: __('Email address', 'intercom-identity'), value: 'email' },
        ]),
        select(
          'consent',
          __('Consent', 'intercom-identity'),
          [
            { label: __('Not needed: load the Messenger with the page', 'intercom-identity'), value: 'none' },
            { label: __('Required: wait until the visitor consents', 'intercom-identity'), value: 'required' },
          ],
          undefined,
          consentHelp(state),
        ),
        select(
          'consent_category',
          __('WP Consent API category', 'intercom-identity'),
          CONSENT_CATEGORIES.map(([value, label]) => ({ label, value })),
          undefined,
          __(
            'While the WP Consent API is active, the Messenger loads once the visitor consents to this category.',
            'intercom-identity',
          ),
        ),
        select('load', __('Load the Messenger', 'intercom-identity'), [
          { label: __('With the page', 'intercom-identity'), value: 'page' },
          {
            label: __('On the first click (a lightweight launcher until then)', 'intercom-identity'),
            value: 'interaction',
          },
        ]),
        h(
          Button,
          { variant: 'primary', isBusy: saving, disabled: saving, onClick: save },
          __('Save settings', 'intercom-identity'),
        ),
      ),
    ),
    h(SelfCheck, { state }),
  );
}

domReady(() => {
  const root = document.getElementById('intercom-identity-settings');
  if (root === null) return;
  // createRoot came with WordPress 6.2; render keeps 6.1 working.
  const modern = (element as { createRoot?: typeof element.createRoot }).createRoot;
  if (typeof modern === 'function') modern(root).render(h(SettingsApp));
  else (element as unknown as { render: (node: unknown, into: Element) => void }).render(h(SettingsApp), root);
});
