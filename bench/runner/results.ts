/**
 * RESULTS.md after a run of some sections only: the `## ` blocks this run wrote replace the blocks with the
 * same heading (its versions in brackets aside), and every other block of the previous file is kept where it was, so `npm run bench -- n8n`
 * does not erase the figures of the sections it did not run. A full run writes the file afresh.
 */

function blocks(doc: string): {
	head: string[];
	sections: Array<{ heading: string; text: string }>;
} {
	const lines = doc.split('\n');
	const first = lines.findIndex((l) => l.startsWith('## '));
	const head = first < 0 ? lines : lines.slice(0, first);
	const sections: Array<{ heading: string; text: string }> = [];
	for (const line of first < 0 ? [] : lines.slice(first)) {
		if (line.startsWith('## ')) sections.push({ heading: line, text: line });
		else sections[sections.length - 1].text += `\n${line}`;
	}
	return { head, sections };
}

export function mergeResults(previous: string | undefined, fresh: string): string {
	if (previous === undefined) return fresh;
	const now = blocks(fresh);
	const key = (heading: string) => heading.replace(/ \(.*$/, '');
	const made = new Map(now.sections.map((s) => [key(s.heading), s.text]));
	const kept = blocks(previous).sections.map((s) => {
		const text = made.get(key(s.heading)) ?? s.text;
		made.delete(key(s.heading));
		return text.replace(/\n*$/, '\n');
	});
	return [now.head.join('\n'), ...kept, ...[...made.values()].map((t) => t.replace(/\n*$/, '\n'))]
		.join('\n')
		.replace(/\n*$/, '\n');
}
