import type { ParamMatcher } from '@sveltejs/kit';
import { normaliseJoinCode } from '@pnyx/shared';

/** A join code as typed into an address bar: any case, with spaces or dashes; the page normalises it. */
export const match = ((param: string) => normaliseJoinCode(param) !== null) satisfies ParamMatcher;
