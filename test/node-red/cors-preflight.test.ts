/**
 * The trigger's own CORS preflight. In a full runtime `http in` (core, loaded unless excluded) answers OPTIONS "*"
 * first, so this only shows in the test helper, which loads no `http in`: the case of a runtime that
 * excludes it. Then the trigger path still answers the preflight.
 */
import supertest from 'supertest';
import configNode from '../../node-red/partnero-config';
import triggerNode from '../../node-red/partnero-trigger';
import {
	helper,
	listening,
	partneroAccount,
	partneroTrigger,
	sink,
	tab,
	useNodeRed,
} from './support/fixture';

const nr = useNodeRed({ partnero: true });

afterEach(() => helper.settings({}));

test('with httpNodeCors and no http in node, OPTIONS on the trigger path answers the preflight', async () => {
	helper.settings({ httpNodeCors: { origin: true, methods: ['POST'] } });
	await nr.load(
		[configNode, triggerNode],
		[tab(), partneroAccount(nr.sim), partneroTrigger({ events: [] }), sink()],
		nr.partneroCredentials(),
	);
	await listening('trig');
	const res = await supertest(nr.RED.httpNode)
		.options('/partnero/hook')
		.set('Origin', 'https://reflected.example')
		.set('Access-Control-Request-Method', 'POST')
		.set('Access-Control-Request-Headers', 'content-type,signature');
	expect(res.status).toBe(204);
	expect(res.headers['access-control-allow-origin']).toBe('https://reflected.example');
	expect(res.headers['access-control-allow-methods']).toBe('POST');
	expect(res.headers['access-control-allow-headers']).toBe('content-type,signature');
	expect(res.headers.vary).toBe('Origin, Access-Control-Request-Headers');
});
