import type { PartneroClient } from '../client';
import type { Fields } from './common';

/** The program the API key belongs to: settings and running totals (stats). */
export class ProgramApi {
	constructor(private readonly client: PartneroClient) {}

	async get(): Promise<Fields> {
		return this.client.data('GET', 'program');
	}
}
