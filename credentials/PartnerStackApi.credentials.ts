import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class PartnerStackApi implements ICredentialType {
	name = 'partnerStackApi';

	displayName = 'PartnerStack API';

	icon: Icon = {
		light: 'file:../icons/partnerstack.svg',
		dark: 'file:../icons/partnerstack.dark.svg',
	};

	documentationUrl = 'https://github.com/partnerhooks/n8n-nodes-partnerhooks#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			description:
				'The Vendor API public key (Settings → Integrations → PartnerStack API Keys); sent as the Basic auth username',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Vendor API secret key that belongs to the public key; sent as the Basic auth password',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.partnerstack.com/api/v2',
			description:
				'Change only to use a proxy or the local simulator. Default: https://api.partnerstack.com/api/v2.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'hmacSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only if PartnerStack support enabled signed webhooks for your account: the HMAC secret they gave you. PartnerStack documents no signing, so leave empty otherwise.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.publicKey}}',
				password: '={{$credentials.secretKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/webhooks',
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'PartnerStack rejected the keys (401). Check the public key and the secret key (Settings → Integrations → PartnerStack API Keys).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'PartnerStack refused access (403). Use Vendor API keys of this account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No PartnerStack API at this Base URL (404). Use https://api.partnerstack.com/api/v2 unless you run a proxy.',
				},
			},
		],
	};
}
