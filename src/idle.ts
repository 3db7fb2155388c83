import { Settings } from './common/settings';
import type { IdleModule } from './shell/contract';
import { NoKeyStatusItem } from './shell/noKeyStatus';

/**
 * dist/idle.js: loaded by the activation shell once it knows the window has nothing for the features
 * to do (no key, no trace of one, no document to check). It shows the "Set Twelve Labs key" item.
 */
export const showNoKeyStatus: IdleModule['showNoKeyStatus'] = () => new NoKeyStatusItem(new Settings());
