import { partneroSample } from '../../core/partnero/samples';
import { phpJsonEncode } from '../../core/php-json';
import { partneroSignature } from '../../core/partnero/provider';
import { sign } from '../../core/signature';

const ID_MARK = 'ID_PLACEHOLDER';

/** A `partner.created` body as Partnero's PHP encoder writes it, padded with escaped text to about `bytes`. */
export function partneroBody(bytes: number, id = 'p_bench'): Buffer {
	const sample = partneroSample('partner.created', {
		createdAt: new Date().toISOString(),
		data: { id, name: 'Zoë Müller', notes: '' },
	});
	const pad = Math.max(0, bytes - Buffer.byteLength(phpJsonEncode(sample)));
	return Buffer.from(
		phpJsonEncode({ ...sample, data: { ...sample.data, notes: 'é/'.repeat(Math.ceil(pad / 8)) } }),
	);
}

export interface Delivery {
	body: Buffer;
	headers: Record<string, string>;
}

/**
 * Signed deliveries of one shape, each with a new record id: the triggers drop a repeated event as a
 * duplicate, which would skip the very work being measured. Built per request from a template, so a run of
 * any length costs no memory up front; the id is plain ASCII, so the template stays valid PHP-encoded JSON.
 */
export function deliveryStream(secret: string, bytes: number, tag: string): () => Delivery {
	const template = partneroBody(bytes, ID_MARK).toString('utf8');
	let n = 0;
	return () => {
		const body = Buffer.from(template.replace(ID_MARK, `p_${tag}_${n++}`));
		return {
			body,
			headers: {
				'content-type': 'application/json',
				signature: sign(secret, body, partneroSignature),
			},
		};
	};
}
