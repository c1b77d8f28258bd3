import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { PartneroClient } from '../../../core/partnero/client';

/** One resource operation for input item `i`. Several results become several output items. */
export type PartneroAction = (ctx: IExecuteFunctions, client: PartneroClient, i: number) => Promise<IDataObject | IDataObject[]>;
