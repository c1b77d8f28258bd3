const path = require('path');
const { src, dest, parallel } = require('gulp');

// tsc emits only .js; n8n needs the icons and Node-RED needs .html, locales/ and icons/ beside the .js.
function n8nIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function nodeRedAssets() {
	return src(['node-red/**/*.html', 'node-red/locales/**/*', 'node-red/icons/**/*'], {
		base: '.',
		encoding: false,
		allowEmpty: true,
	}).pipe(dest(path.resolve('dist')));
}

exports.build = parallel(n8nIcons, nodeRedAssets);
