/**
 * Every refusal pnyx can give, with the message a person reads. A closed set: handlers, the HTTP API and
 * the web app all speak these codes; anything else is a bug and is reported as `internal`.
 */
export const ERROR_MESSAGES = {
  invalid_input: 'The message does not have the expected shape.',
  unknown_session: 'There is no session with this code or id.',
  unauthorized: 'This needs the moderator token of the session.',
  forbidden: 'Your role in this session may not do this.',
  not_joined: 'Join a session before sending this.',
  unknown_question: 'There is no such question in this session.',
  question_not_ready: 'A question needs text and 2 to 10 options, each with a label, before it can open.',
  question_closed: 'Voting on this question is closed.',
  invalid_option: 'This option is not part of the question.',
  invalid_answer: 'This answer does not fit the question.',
  table_scope: 'Each table answers this question once, through its facilitator.',
  unknown_table: 'There is no such table in this session.',
  unknown_participant: 'There is no such participant in this session.',
  wrong_facilitator_code: 'This facilitator code does not belong to a table of this session.',
  unknown_contribution: 'There is no such contribution in this session, or it is not shown.',
  unknown_moderator_link: 'There is no such moderator link in this session (it may have been revoked).',
  pin_required: 'This session needs a PIN to join; the moderator has it.',
  wrong_pin: 'This PIN is not the session\'s PIN.',
  invalid_languages: 'These are not languages a session can have.',
  limit_reached: 'A limit of this session is reached.',
  no_such_phase: 'There is no such phase in the agenda.',
  no_phase_running: 'No phase is running yet; go to the first phase of the agenda.',
  session_ended: 'This session has ended; it takes no more votes or changes.',
  not_found: 'Nothing is served at this address.',
  rate_limited: 'Too many requests; please wait a moment and try again.',
  store_unavailable: 'The vote could not be stored; it will be sent again.',
  internal: 'Something went wrong on the server; please try again.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface DomainError {
  code: ErrorCode;
  message: string;
  /** With `rate_limited`: when trying again can succeed. */
  retryAfterMs?: number;
}

/** Builds the error for `code`; `detail` replaces the generic message when it helps the reader. */
export function domainError(code: ErrorCode, detail?: string): DomainError {
  return { code, message: detail ?? ERROR_MESSAGES[code] };
}

export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; error: DomainError };

export function ok<T extends object>(value: T): { ok: true } & T {
  return { ok: true, ...value };
}

export function fail(code: ErrorCode, detail?: string): { ok: false; error: DomainError } {
  return { ok: false, error: domainError(code, detail) };
}
