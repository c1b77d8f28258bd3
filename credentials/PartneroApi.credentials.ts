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
			description: 'An API key of the Partnero program to use (Program → Integration → API). Each key belongs to one program.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.partnero.com/v1',
			description: 'Change only to use a proxy or the local Partnero simulator',
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
	};
}
