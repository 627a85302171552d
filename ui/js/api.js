// The only file that touches window.__TAURI__: one function per command. Errors arrive as
// {code, message}; callers branch on `code`, never on the message text.

export class AppError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri?.core?.invoke) {
    throw new AppError('no_backend', 'PeerDesk must run inside its own window.');
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error) {
      throw new AppError(error.code, error.message);
    }
    throw new AppError('unexpected', String(error));
  }
}

export const api = {
  appState: () => call('app_state'),
  passphraseStrength: (passphrase) => call('passphrase_strength', { passphrase }),
  setupStore: (passphrase, confirmation) => call('setup_store', { passphrase, confirmation }),
  unlockStore: (passphrase) => call('unlock_store', { passphrase }),
  lockStore: () => call('lock_store'),
  storeStatus: () => call('store_status'),
  loadDemo: (size) => call('load_demo', { size }),
  dashboard: () => call('dashboard'),
  listSupporters: () => call('list_supporters'),
  listRequests: () => call('list_requests'),
  listOutreaches: () => call('list_outreaches'),
  listOrganizations: () => call('list_organizations'),
  reportByYear: () => call('report_by_year'),
};
