import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class PartneroApi implements ICredentialType {
	name = 'partneroApi';

	displayName = 'Partnero API';

	icon: Icon = { light: 'file:../icons/partnero.svg', dark: 'file:../icons/partnero.dark.svg' };

	documentationUrl = 'https://github.com/partnerhooks/n8n-nodes-partnerhooks#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API key of the Partnero program to use (Program → Integration → API). Each key belongs to one program.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.partnero.com/v1',
			description:
				'Change only to use a proxy or the local Partnero simulator. Default: https://api.partnero.com/v1.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/test',
			method: 'GET',
		},
		// n8n shows only the HTTP status text for a failed test unless a rule matches, so the
		// statuses Partnero uses get the advice a person needs.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Partnero rejected the API key (401 Unauthenticated). Copy an active key from Program → Integration → API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Partnero refused access (403). Check that the key is active and that your plan includes API access.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No Partnero API at this Base URL (404). Use https://api.partnero.com/v1 unless you run a proxy.',
				},
			},
		],
	};
}
