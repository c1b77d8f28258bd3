import tseslint from 'typescript-eslint';

// Lint for code that never ships: tests, the Partnero simulator, demo and CI scripts.
export default tseslint.config(...tseslint.configs.recommended, {
	files: ['**/*.ts'],
	rules: {
		'@typescript-eslint/no-explicit-any': 'off',
	},
});
