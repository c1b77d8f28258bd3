import type { Builders } from './common';

export const programActions: Builders['program'] = { get: () => ({}) };
