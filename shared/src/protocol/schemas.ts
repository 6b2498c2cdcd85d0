import { z } from 'zod';
import { normaliseJoinCode } from '../domain/join-code.js';
import { SCREEN_MODES, SESSION_TITLE_MAX_LENGTH } from '../domain/session.js';
import { PHASE_KINDS, PHASE_LIMITS } from '../domain/agenda.js';
import { QUESTION_KINDS, QUESTION_LIMITS } from '../domain/question.js';
import { TABLE_ID_PATTERN, TABLE_LIMITS } from '../domain/seating.js';
import { PAPER_MAX_BALLOTS } from '../domain/voting.js';
import { ACCESS_LIMITS, JOIN_PIN_PATTERN } from '../domain/access.js';
import { CONTRIBUTION_KINDS, CONTRIBUTION_LIMITS, CONTRIBUTION_STATUSES } from '../domain/contributions.js';
import { CONTENT_LANGUAGE_LIMITS, isLanguageTag } from '../domain/content-languages.js';
import { fail, ok, type Result } from '../domain/errors.js';
import type { ClientToServerEvents } from './events.js';

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

export const languageTagSchema = z.string().max(35).refine(isLanguageTag, 'must be a language tag such as fr or pt-BR');

export const createSessionBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(SESSION_TITLE_MAX_LENGTH),
  /** The language the creator writes in (their interface's): the session's main language. */
  language: languageTagSchema.optional(),
});

/** Table ids are made by the domain (`t1`, `t2`, …). */
export const tableIdSchema = z.string().regex(TABLE_ID_PATTERN, 'must be a table id such as t3');

export const joinPinSchema = z.string().regex(JOIN_PIN_PATTERN, `must be ${ACCESS_LIMITS.pinMinLength} to ${ACCESS_LIMITS.pinMaxLength} digits`);

export const attendeeJoinSchema = z.strictObject({
  code: joinCodeSchema,
  participantToken: tokenSchema.optional(),
  /** From the link used (`?channel=online`) or a choice at join; onsite when absent. */
  channel: z.enum(['onsite', 'online']).optional(),
  /** From a table's QR code; a resumed participant keeps their seat. */
  tableId: tableIdSchema.optional(),
  /** The session's join PIN, when it has one; a resumed participant needs none. */
  pin: joinPinSchema.optional(),
  /** The language the person reads best (the phone's choice, else its languages): moderators see who reads what. */
  language: languageTagSchema.optional(),
});

export const participantLanguageSchema = z.strictObject({ language: languageTagSchema });

export const moderatorJoinSchema = z.strictObject({
  sessionId: idSchema,
  moderatorToken: tokenSchema,
});

export const screenJoinSchema = z.strictObject({
  code: joinCodeSchema,
});

export const answerSchema = z.union([
  z.strictObject({ optionId: idSchema }),
  z.strictObject({ optionIds: z.array(idSchema).min(1).max(QUESTION_LIMITS.maxOptions) }),
  z.strictObject({ words: z.array(z.string().max(QUESTION_LIMITS.wordMaxLength)).min(1).max(QUESTION_LIMITS.maxWords) }),
  z.strictObject({ text: z.string().max(QUESTION_LIMITS.openTextMaxLength) }),
]);

export const ballotCastSchema = z.strictObject({
  questionId: idSchema,
  ballotId: idSchema,
  answer: answerSchema,
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

/** Messages that carry nothing (clock:ping, roster requests, ending and reopening a session). */
export const emptySchema = z.strictObject({});

const participantNameSchema = z.string().max(TABLE_LIMITS.participantNameMaxLength);
const tableNameSchema = z.string().max(TABLE_LIMITS.nameMaxLength);

/** An attendee picks a table (null: none) and says what to be called. */
export const seatSchema = z.strictObject({
  tableId: tableIdSchema.nullable(),
  name: participantNameSchema.optional(),
});

/** Moderators set up tables: a number of them, optionally named. */
export const tablesAddSchema = z.strictObject({
  count: z.number().int().min(1).max(100),
  names: z.array(tableNameSchema).max(100).optional(),
});

export const tableRenameSchema = z.strictObject({ tableId: tableIdSchema, name: tableNameSchema });

export const tableRefSchema = z.strictObject({ tableId: tableIdSchema });

/** Moderators move a participant to a table (null: none). */
export const participantMoveSchema = z.strictObject({ participantId: idSchema, tableId: tableIdSchema.nullable() });

/** Facilitator codes have the join code's alphabet and form. */
export const facilitatorClaimSchema = z.strictObject({ facilitatorCode: joinCodeSchema });

export const facilitatorSetSchema = z.strictObject({ participantId: idSchema, facilitator: z.boolean() });

export const paperEnterSchema = z.strictObject({
  questionId: idSchema,
  tableId: tableIdSchema,
  counts: z.record(idSchema, z.number().int().min(0).max(PAPER_MAX_BALLOTS)),
  voters: z.number().int().min(0).max(PAPER_MAX_BALLOTS).optional(),
});

/** Which table's paper ballots of which question a form shows. */
export const paperGetSchema = z.strictObject({ questionId: idSchema, tableId: tableIdSchema });

export const wordHideSchema = z.strictObject({
  questionId: idSchema,
  word: z.string().min(1).max(QUESTION_LIMITS.wordMaxLength),
  hidden: z.boolean(),
});

export const answerModerateSchema = z.strictObject({
  questionId: idSchema,
  /** `<voterId>:<ballotId>`, as results list the answers. */
  answerId: z.string().max(140).regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/, 'must be an answer id from the results'),
  status: z.enum(['approved', 'hidden', 'pending']),
});

export const screenShowSchema = z.strictObject({
  mode: z.enum(SCREEN_MODES),
  tableId: tableIdSchema.nullable().optional(),
});

/** Duplicates and a second language not among the others are the domain's to refuse. */
export const languagesSetSchema = z.strictObject({
  main: languageTagSchema,
  others: z.array(languageTagSchema).max(CONTENT_LANGUAGE_LIMITS.maxOthers),
  projectorSecond: languageTagSchema.nullable(),
});

/** Contributions: ids are made by the domain (`c1`, `c2`, …). */
export const contributionIdSchema = z.string().regex(/^c[0-9]{1,6}$/, 'must be a contribution id such as c3');

/** The text is trimmed and checked by the domain; the schema only refuses what is far too long. */
export const contributionPostSchema = z.strictObject({
  kind: z.enum(CONTRIBUTION_KINDS),
  text: z.string().max(CONTRIBUTION_LIMITS.textMaxLength * 2),
  forTable: z.boolean().optional(),
  /** Made by the phone: the same post sent again (after a lost answer) counts once. */
  postId: idSchema.optional(),
});

export const contributionUpvoteSchema = z.strictObject({ contributionId: contributionIdSchema, upvote: z.boolean() });

export const contributionModerateSchema = z.strictObject({
  contributionId: contributionIdSchema,
  status: z.enum(CONTRIBUTION_STATUSES),
});

export const contributionSpotlightSchema = z.strictObject({ contributionId: contributionIdSchema.nullable() });

export const contributionsConfigureSchema = z.strictObject({ moderation: z.boolean() });

/** An agenda file as exported (or written by hand): checked in full before anything is imported. */
/** Translations by language tag, at most as many languages as a definition keeps. */
function translationsSchema<T extends z.ZodType>(translation: T) {
  return z
    .record(languageTagSchema, translation)
    .refine((translations) => Object.keys(translations).length <= 2 * CONTENT_LANGUAGE_LIMITS.maxOthers, 'too many languages')
    .optional();
}

export const agendaFileSchema = z.strictObject({
  format: z.literal('pnyx-agenda'),
  version: z.literal(1),
  language: languageTagSchema.optional(),
  questions: z
    .array(
      z.strictObject({
        text: z.string().max(QUESTION_LIMITS.textMaxLength),
        options: z.array(z.string().max(QUESTION_LIMITS.labelMaxLength)).max(QUESTION_LIMITS.maxOptions),
        reveal: z.enum(['live', 'after-close']).default('live'),
        kind: z.enum(QUESTION_KINDS).default('single'),
        scope: z.enum(['individual', 'table']).default('individual'),
        maxChoices: z.number().int().min(1).max(QUESTION_LIMITS.maxOptions).default(1),
        comparesWith: z.number().int().min(0).nullable().default(null),
        reference: z
          .strictObject({
            label: z.string().max(QUESTION_LIMITS.referenceLabelMaxLength),
            shares: z.array(z.number().min(0).max(100).nullable()).max(QUESTION_LIMITS.maxOptions),
          })
          .nullable()
          .default(null),
        translations: translationsSchema(
          z.strictObject({
            text: z.string().max(QUESTION_LIMITS.textMaxLength),
            options: z.array(z.string().max(QUESTION_LIMITS.labelMaxLength)).max(QUESTION_LIMITS.maxOptions),
          }),
        ),
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
        translations: translationsSchema(
          z.strictObject({
            title: z.string().max(PHASE_LIMITS.titleMaxLength),
            text: z.string().max(PHASE_LIMITS.textMaxLength),
          }),
        ),
      }),
    )
    .max(PHASE_LIMITS.maxPhases),
});

/** A whole session's file (`sessionFile`): its agenda is what an import takes; the report rides along. */
export const sessionFileSchema = z.object({
  format: z.literal('pnyx-session'),
  version: z.literal(1),
  agenda: agendaFileSchema,
});

/** The agenda of an agenda file, or of a session file (a past session as the template of a new one). */
export function parseAgendaImport(input: unknown): Result<{ value: z.output<typeof agendaFileSchema> }> {
  const isSessionFile = typeof input === 'object' && input !== null && (input as { format?: unknown }).format === 'pnyx-session';
  if (!isSessionFile) return parseMessage(agendaFileSchema, input);
  const parsed = parseMessage(sessionFileSchema, input);
  return parsed.ok ? ok({ value: parsed.value.agenda }) : parsed;
}

export const moderatorLinkCreateSchema = z.strictObject({ label: z.string().max(ACCESS_LIMITS.labelMaxLength) });

export const moderatorLinkRefSchema = z.strictObject({ linkId: idSchema });

export const joinPinSetSchema = z.strictObject({ pin: joinPinSchema.nullable() });

/**
 * The schema of every client → server event, by name: the server registers no event without one, and the
 * fuzz test walks this map.
 */
export const CLIENT_EVENT_SCHEMAS = {
  'session:join': attendeeJoinSchema,
  'moderator:join': moderatorJoinSchema,
  'screen:join': screenJoinSchema,
  'moderator-link:create': moderatorLinkCreateSchema,
  'moderator-link:revoke': moderatorLinkRefSchema,
  'moderator-link:rotate': emptySchema,
  'join-pin:set': joinPinSetSchema,
  'ballot:cast': ballotCastSchema,
  'question:open': questionRefSchema,
  'question:close': questionRefSchema,
  'phase:go': phaseGoSchema,
  'timer:control': timerControlSchema,
  'clock:ping': emptySchema,
  'participant:seat': seatSchema,
  'participant:language': participantLanguageSchema,
  'facilitator:claim': facilitatorClaimSchema,
  'paper:enter': paperEnterSchema,
  'paper:get': paperGetSchema,
  'tables:add': tablesAddSchema,
  'table:rename': tableRenameSchema,
  'table:remove': tableRefSchema,
  'participant:move': participantMoveSchema,
  'facilitator:set': facilitatorSetSchema,
  'roster:get': emptySchema,
  'word:hide': wordHideSchema,
  'answer:moderate': answerModerateSchema,
  'screen:show': screenShowSchema,
  'languages:set': languagesSetSchema,
  'session:end': emptySchema,
  'session:reopen': emptySchema,
  'contribution:post': contributionPostSchema,
  'contribution:upvote': contributionUpvoteSchema,
  'contribution:moderate': contributionModerateSchema,
  'contribution:spotlight': contributionSpotlightSchema,
  'contributions:configure': contributionsConfigureSchema,
  'contributions:get': emptySchema,
} as const satisfies { [E in keyof ClientToServerEvents]: z.ZodType };

export type ClientEvent = keyof typeof CLIENT_EVENT_SCHEMAS;
export type ClientPayload<E extends ClientEvent> = z.output<(typeof CLIENT_EVENT_SCHEMAS)[E]>;

export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;
export type AttendeeJoin = z.input<typeof attendeeJoinSchema>;
export type ModeratorJoin = z.infer<typeof moderatorJoinSchema>;
export type ScreenJoin = z.input<typeof screenJoinSchema>;
export type ModeratorLinkCreate = z.infer<typeof moderatorLinkCreateSchema>;
export type ModeratorLinkRef = z.infer<typeof moderatorLinkRefSchema>;
export type JoinPinSet = z.infer<typeof joinPinSetSchema>;
export type BallotCast = z.infer<typeof ballotCastSchema>;
export type QuestionRef = z.infer<typeof questionRefSchema>;
export type PhaseGo = z.infer<typeof phaseGoSchema>;
export type TimerControl = z.infer<typeof timerControlSchema>;
export type TimerAction = TimerControl['action'];
export type Seat = z.infer<typeof seatSchema>;
export type ParticipantLanguage = z.infer<typeof participantLanguageSchema>;
export type TablesAdd = z.infer<typeof tablesAddSchema>;
export type TableRename = z.infer<typeof tableRenameSchema>;
export type TableRef = z.infer<typeof tableRefSchema>;
export type ParticipantMove = z.infer<typeof participantMoveSchema>;
export type FacilitatorClaim = z.input<typeof facilitatorClaimSchema>;
export type FacilitatorSet = z.infer<typeof facilitatorSetSchema>;
export type PaperEnter = z.infer<typeof paperEnterSchema>;
export type PaperGet = z.infer<typeof paperGetSchema>;
export type WordHide = z.infer<typeof wordHideSchema>;
export type AnswerModerate = z.infer<typeof answerModerateSchema>;
export type ScreenShow = z.infer<typeof screenShowSchema>;
export type LanguagesSet = z.infer<typeof languagesSetSchema>;
export type ContributionPost = z.infer<typeof contributionPostSchema>;
export type ContributionUpvote = z.infer<typeof contributionUpvoteSchema>;
export type ContributionModerate = z.infer<typeof contributionModerateSchema>;
export type ContributionSpotlight = z.infer<typeof contributionSpotlightSchema>;
export type ContributionsConfigure = z.infer<typeof contributionsConfigureSchema>;

const ISSUE_MAX_LENGTH = 200;

/** Parses untrusted input; the error names the first field that is wrong and why. */
export function parseMessage<S extends z.ZodType>(schema: S, input: unknown): Result<{ value: z.output<S> }> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok({ value: parsed.data });
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  // An issue can quote the input (the unrecognised keys of a binary payload): a refusal stays short.
  const what = `${where}${issue?.message ?? 'invalid'}`.slice(0, ISSUE_MAX_LENGTH);
  return fail('invalid_input', `The message does not have the expected shape (${what}).`);
}
