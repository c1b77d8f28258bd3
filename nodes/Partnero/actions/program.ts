import { coreActions } from './common';

export const programActions = coreActions('program', { get: () => ({}) });
