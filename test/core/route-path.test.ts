import { literalPathProblem, literalPathSuggestion } from '../../core/route-path';

describe('literal trigger paths', () => {
	test.each([
		'',
		'/',
		'partnero/hook',
		'/partnero/hook',
		'partnero/hook/',
		'ps/new-partners_2.v1~x',
		'Partnero/Hook',
		'a',
	])('%j is literal', (path) => expect(literalPathProblem(path)).toBeUndefined());

	test.each([
		['/partnero/*', '"*"', 'pattern'],
		['/partnero/h:id', '":"', 'pattern'],
		['partnero/(a)', '"("', 'pattern'],
		['partnero/hook?', '"?"', 'pattern'],
		['partnero/ho+ok', '"+"', 'pattern'],
		['partnero/[ab]', '"["', 'pattern'],
		['partnero/a|b', '"|"', 'pattern'],
		['partnero/a$', '"$"', 'pattern'],
		['partnero/a{2}', '"{"', 'pattern'],
		['partnero/a\\b', '"\\"', 'pattern'],
		['partnero/my hook', 'a space', 'percent-encode'],
		['partnero/hoök', '"ö" (not ASCII)', 'percent-encode'],
		['partnero/a%20b', '"%"', 'percent-encode'],
		['partnero/a#b', '"#"', 'percent-encode'],
		['partnero/tab\there', 'a whitespace character', 'percent-encode'],
	])('%j is refused: it contains %s', (path, named, why) => {
		const problem = literalPathProblem(path) ?? '';
		expect(problem).toContain(`"${path}"`);
		expect(problem).toContain(`contains ${named}`);
		expect(problem).toContain(why);
		expect(problem).toContain('use only letters a-z and A-Z, digits and - _ . ~');
	});

	test.each([
		['partnero//hook', 'empty segment'],
		['partnero/../hook', '".."'],
		['partnero/./hook', '"."'],
	])('%j is refused: %s', (path, named) => expect(literalPathProblem(path)).toContain(named));

	test('the message suggests a literal path to use instead', () => {
		expect(literalPathProblem('/partnero/my hook')).toContain('e.g. "partnero/my-hook"');
		expect(literalPathProblem('partnero/hoök')).toContain('e.g. "partnero/hook"');
		expect(literalPathProblem('/partnero/h:id')).toContain('e.g. "partnero/h-id"');
	});

	test.each([
		['partnero/my hook', 'partnero/my-hook'],
		['partnero/hoök', 'partnero/hook'],
		['partnero/h:id', 'partnero/h-id'],
		['partnero/*', 'partnero'],
		['a//b/../c', 'a/b/c'],
	])('suggestion for %j is %j', (path, suggested) =>
		expect(literalPathSuggestion(path)).toBe(suggested),
	);
});
