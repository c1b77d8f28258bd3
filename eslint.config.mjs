import { config } from '@n8n/node-cli/eslint';

// n8n's Cloud rules govern everything that ships (core, nodes, credentials, node-red).
// Tests, the simulator and scripts never ship; eslint.tools.config.mjs lints them.
export default [
	...config,
	{ ignores: ['test/**', 'sim/**', 'scripts/**', 'bench/**', 'build/**', '*.js'] },
];
