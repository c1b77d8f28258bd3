import type { PartneroClient } from '../../../core/partnero/client';
import type { Action } from '../../shared/execute';

/** One resource operation for input item `i`. Several results become several output items. */
export type PartneroAction = Action<PartneroClient>;
