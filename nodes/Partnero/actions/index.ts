import type { PartneroAction } from './types';
import { webhookActions } from './webhook';

/** Operations per resource. A new resource (partner, customer, …) adds one actions file and one description file. */
export const partneroActions: Record<string, Record<string, PartneroAction>> = {
	webhook: webhookActions,
};

export type { PartneroAction } from './types';
