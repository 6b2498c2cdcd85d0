import { z } from 'zod';
import { normaliseJoinCode } from '../domain/join-code.js';
import { SESSION_TITLE_MAX_LENGTH } from '../domain/session.js';
import { PHASE_KINDS, PHASE_LIMITS } from '../domain/agenda.js';
import { QUESTION_LIMITS } from '../domain/question.js';
import { fail, ok, type Result } from '../domain/errors.js';

/**
 * One schema per client → server message, used by the server at every boundary. Sizes are capped so an
 * oversized message is refused before it costs anything.
 */

/** Ids made by clients (ballot ids) or by the server (sessions, questions, options). */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _');

export const joinCodeSchema = z
  .string()
  .max(16)
  .transform((input, context) => {
    const code = normaliseJoinCode(input);
    if (code === null) {
      context.addIssue({ code: 'custom', message: 'must be the 6-character join code' });
      return z.NEVER;
    }
    return code;
  });

const tokenSchema = z.string().min(16).max(128);

export const createSessionBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(SESSION_TITLE_MAX_LENGTH),
});

export const attendeeJoinSchema = z.strictObject({
  code: joinCodeSchema,
  participantToken: tokenSchema.optional(),
  /** From the link used (`?channel=online`) or a choice at join; onsite when absent. */
  channel: z.enum(['onsite', 'online']).optional(),
});

export const moderatorJoinSchema = z.strictObject({
  sessionId: idSchema,
  moderatorToken: tokenSchema,
});

export const screenJoinSchema = z.strictObject({
  code: joinCodeSchema,
});

export const ballotCastSchema = z.strictObject({
  questionId: idSchema,
  optionId: idSchema,
  ballotId: idSchema,
});

export const questionRefSchema = z.strictObject({
  questionId: idSchema,
});

export const phaseGoSchema = z.union([
  z.strictObject({ to: z.enum(['next', 'previous']) }),
  z.strictObject({ phaseId: idSchema }),
]);

export const TIMER_ACTIONS = ['start', 'pause', 'resume', 'reset', 'add-minute', 'remove-minute'] as const;

export const timerControlSchema = z.strictObject({
  action: z.enum(TIMER_ACTIONS),
});

export const clockPingSchema = z.strictObject({});

/** An agenda file as exported (or written by hand): checked in full before anything is imported. */
export const agendaFileSchema = z.strictObject({
  format: z.literal('pnyx-agenda'),
  version: z.literal(1),
  questions: z
    .array(
      z.strictObject({
        text: z.string().max(QUESTION_LIMITS.textMaxLength),
        options: z.array(z.string().max(QUESTION_LIMITS.labelMaxLength)).max(QUESTION_LIMITS.maxOptions),
        reveal: z.enum(['live', 'after-close']).default('live'),
      }),
    )
    .max(200),
  phases: z
    .array(
      z.strictObject({
        kind: z.enum(PHASE_KINDS),
        title: z.string().max(PHASE_LIMITS.titleMaxLength),
        text: z.string().max(PHASE_LIMITS.textMaxLength).default(''),
        durationMinutes: z
          .number()
          .min(PHASE_LIMITS.minDurationMs / 60_000)
          .max(PHASE_LIMITS.maxDurationMs / 60_000),
        questions: z.array(z.number().int().min(0)).max(QUESTION_LIMITS.maxOptions * 20).default([]),
        autoAdvance: z.boolean().default(false),
        autoCloseVote: z.boolean().default(false),
      }),
    )
    .max(PHASE_LIMITS.maxPhases),
});

export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;
export type AttendeeJoin = z.input<typeof attendeeJoinSchema>;
export type ModeratorJoin = z.infer<typeof moderatorJoinSchema>;
export type ScreenJoin = z.input<typeof screenJoinSchema>;
export type BallotCast = z.infer<typeof ballotCastSchema>;
export type QuestionRef = z.infer<typeof questionRefSchema>;
export type PhaseGo = z.infer<typeof phaseGoSchema>;
export type TimerControl = z.infer<typeof timerControlSchema>;
export type TimerAction = TimerControl['action'];

/** Parses untrusted input; the error names the first field that is wrong and why. */
export function parseMessage<S extends z.ZodType>(schema: S, input: unknown): Result<{ value: z.output<S> }> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok({ value: parsed.data });
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return fail('invalid_input', `The message does not have the expected shape (${where}${issue?.message ?? 'invalid'}).`);
}
