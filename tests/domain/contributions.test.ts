import { describe, expect, it } from 'vitest';
import {
  contributionOfPost,
  CONTRIBUTION_LIMITS,
  attendeeContributions,
  deriveContributionBoard,
  deriveMyContributions,
  evolve,
  type ContributionKind,
  type ContributionStatus,
  type Decision,
  type ErrorCode,
  type Result,
  type SessionCommand,
  type SessionEvent,
  type SessionState,
} from '@pnyx/shared';
import { addTables, claim, decideThenEvolve, facilitatorCode, fingerprint, newSession, run, sessionWith } from '../utils/domain-fixtures.js';

/** Contributions through `decide` and `evolve` (every command checks that `decide` left the state untouched). */

const NOW = 10_000;

const post = (participantId: string, text: string, kind: ContributionKind = 'question', forTable = false): SessionCommand => ({
  type: 'contribution:post',
  participantId,
  kind,
  text,
  forTable,
});
/** A post with the id its phone gave it. */
const postOnce = (participantId: string, text: string, postId: string): SessionCommand => ({
  type: 'contribution:post',
  participantId,
  kind: 'question',
  text,
  forTable: false,
  postId,
});
const upvote = (participantId: string, contributionId: string, up = true): SessionCommand => ({
  type: 'contribution:upvote',
  participantId,
  contributionId,
  upvote: up,
});
const moderate = (contributionId: string, status: ContributionStatus): SessionCommand => ({ type: 'contribution:moderate', contributionId, status });
const spotlight = (contributionId: string | null): SessionCommand => ({ type: 'contribution:spotlight', contributionId });
const configure = (moderation: boolean): SessionCommand => ({ type: 'contributions:configure', moderation });

function expectRefusal(result: Result<Decision>, code: ErrorCode): void {
  if (result.ok) expect.fail(`expected ${code}, got ${JSON.stringify(result)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.trim()).not.toBe('');
}

/** p1…p4 joined; tables t1, t2; p4 facilitates t1. */
function room(): SessionState {
  const state = sessionWith({ participants: ['p1', 'p2', 'p3', 'p4'] });
  addTables(state, ['Window', 'Door']);
  run(state, claim('p4', facilitatorCode('t1')));
  return state;
}

const statuses = (state: SessionState) => Object.fromEntries([...state.contributions.items.values()].map(({ id, status }) => [id, status]));
const upvotes = (state: SessionState, id: string) => state.contributions.items.get(id)?.upvoters.size;

describe('posting', () => {
  const refusals: [string, SessionCommand, ErrorCode][] = [
    ['empty text', post('p1', ''), 'invalid_input'],
    ['only spaces and line breaks', post('p1', '  \n\t \n '), 'invalid_input'],
    ['over the length limit', post('p1', 'x'.repeat(CONTRIBUTION_LIMITS.textMaxLength + 1)), 'invalid_input'],
    ['an unknown participant', post('nobody', 'Hello'), 'not_joined'],
    ['for a table by someone who does not facilitate', post('p1', 'Our view', 'proposal', true), 'forbidden'],
  ];
  it.each(refusals)('refuses %s and changes nothing', (_, command, code) => {
    const state = room();
    const before = fingerprint(state);
    expectRefusal(decideThenEvolve(state, command, NOW), code);
    expect(fingerprint(state)).toBe(before);
  });

  it('keeps the trimmed text, numbers contributions, and waits for moderation by default', () => {
    const state = room();
    const result = decideThenEvolve(state, post('p1', '  Why now?\r\n\r\n\r\n\r\nAnd how? \u0007 '), NOW);
    expect(result).toEqual({
      ok: true,
      duplicate: false,
      events: [
        {
          type: 'contribution:posted',
          contribution: { id: 'c1', kind: 'question', text: 'Why now?\n\nAnd how?', authorId: 'p1', tableId: null, postedAt: NOW, status: 'pending' },
        },
      ],
    });
    decideThenEvolve(state, post('p2', 'x'.repeat(CONTRIBUTION_LIMITS.textMaxLength), 'recommendation'), NOW + 1);
    expect(statuses(state)).toEqual({ c1: 'pending', c2: 'pending' });
  });

  it('counts a post id once: the same post sent again is a duplicate, even after the session ended', () => {
    const state = room();
    const first = decideThenEvolve(state, postOnce('p1', 'Why now?', 'post-1'), NOW);
    expect(first).toMatchObject({ ok: true, duplicate: false, events: [{ type: 'contribution:posted', postId: 'post-1' }] });
    expect(decideThenEvolve(state, postOnce('p1', 'Why now?', 'post-1'), NOW + 1)).toEqual({ ok: true, events: [], duplicate: true });
    // Another author's post id of the same name is their own.
    decideThenEvolve(state, postOnce('p2', 'Me too', 'post-1'), NOW + 2);
    expect(contributionOfPost(state, 'p1', 'post-1')).toBe('c1');
    expect(contributionOfPost(state, 'p2', 'post-1')).toBe('c2');
    run(state, { type: 'session:end' }, NOW + 3);
    expect(decideThenEvolve(state, postOnce('p1', 'Why now?', 'post-1'), NOW + 4)).toMatchObject({ ok: true, duplicate: true });
    expect(state.contributions.items.size).toBe(2);
  });

  it("lets a facilitator post for their table, and as themselves", () => {
    const state = room();
    decideThenEvolve(state, post('p4', 'The table proposes', 'proposal', true), NOW);
    decideThenEvolve(state, post('p4', 'My own thought', 'proposal', false), NOW);
    expect([...state.contributions.items.values()].map(({ tableId }) => tableId)).toEqual(['t1', null]);
  });

  it('refuses a participant beyond their limit, and a session beyond its limit', () => {
    const state = room();
    for (let index = 0; index < CONTRIBUTION_LIMITS.perParticipant; index++) run(state, post('p1', `Point ${index}`), NOW);
    expectRefusal(decideThenEvolve(state, post('p1', 'One more'), NOW), 'limit_reached');
    decideThenEvolve(state, post('p2', 'Someone else still can'), NOW);

    const full = room();
    for (let index = 0; index < CONTRIBUTION_LIMITS.perSession; index++) {
      const author = `a${Math.floor(index / CONTRIBUTION_LIMITS.perParticipant)}`;
      if (!full.participants.has(author)) run(full, { type: 'participant:join', participantId: author, credential: `cred-${author}`, channel: 'onsite' });
      run(full, post(author, `Point ${index}`), NOW);
    }
    expectRefusal(decideThenEvolve(full, post('p1', 'Too late'), NOW), 'limit_reached');
  });
});

describe('upvotes', () => {
  function approvedOne(): SessionState {
    const state = room();
    run(state, post('p1', 'Approved'), NOW);
    run(state, moderate('c1', 'approved'), NOW);
    run(state, post('p2', 'Still waiting'), NOW);
    return state;
  }

  it('count each participant once; a repeat is a duplicate that changes nothing', () => {
    const state = approvedOne();
    for (const participantId of ['p1', 'p2', 'p3']) expect(decideThenEvolve(state, upvote(participantId, 'c1'), NOW)).toMatchObject({ ok: true, duplicate: false });
    const before = fingerprint(state);
    expect(decideThenEvolve(state, upvote('p2', 'c1'), NOW)).toEqual({ ok: true, events: [], duplicate: true });
    expect(fingerprint(state)).toBe(before);
    expect(upvotes(state, 'c1')).toBe(3);
  });

  it('can be withdrawn, once', () => {
    const state = approvedOne();
    run(state, upvote('p2', 'c1'), NOW);
    decideThenEvolve(state, upvote('p2', 'c1', false), NOW);
    expect(upvotes(state, 'c1')).toBe(0);
    expect(decideThenEvolve(state, upvote('p2', 'c1', false), NOW)).toMatchObject({ ok: true, duplicate: true });
    decideThenEvolve(state, upvote('p2', 'c1'), NOW);
    expect(upvotes(state, 'c1')).toBe(1);
  });

  const refusals: [string, SessionCommand, ErrorCode][] = [
    ['a waiting contribution', upvote('p3', 'c2'), 'unknown_contribution'],
    ['an unknown contribution', upvote('p3', 'c9'), 'unknown_contribution'],
    ['an unknown participant', upvote('nobody', 'c1'), 'not_joined'],
  ];
  it.each(refusals)('are refused for %s', (_, command, code) => {
    expectRefusal(decideThenEvolve(approvedOne(), command, NOW), code);
  });

  it('are refused once the contribution is hidden, and kept if it comes back', () => {
    const state = approvedOne();
    run(state, upvote('p3', 'c1'), NOW);
    run(state, moderate('c1', 'hidden'), NOW);
    expectRefusal(decideThenEvolve(state, upvote('p2', 'c1'), NOW), 'unknown_contribution');
    run(state, moderate('c1', 'approved'), NOW);
    expect(upvotes(state, 'c1')).toBe(1);
  });
});

describe('moderation', () => {
  it('approves new contributions at once when switched off, and releases the waiting ones', () => {
    const state = room();
    run(state, post('p1', 'Waiting one'), NOW);
    run(state, post('p2', 'Hidden one'), NOW);
    run(state, moderate('c2', 'hidden'), NOW);
    expect(decideThenEvolve(state, configure(false), NOW)).toMatchObject({
      events: [{ type: 'contributions:configured', moderation: false, released: ['c1'] }],
    });
    run(state, post('p3', 'Straight on the board'), NOW);
    expect(statuses(state)).toEqual({ c1: 'approved', c2: 'hidden', c3: 'approved' });
    expect(decideThenEvolve(state, configure(false), NOW)).toMatchObject({ events: [] });
    run(state, configure(true), NOW);
    run(state, post('p3', 'Waits again'), NOW);
    expect(statuses(state).c4).toBe('pending');
  });

  it('moves a contribution between the states; the same state again changes nothing', () => {
    const state = room();
    run(state, post('p1', 'Hello'), NOW);
    for (const status of ['approved', 'hidden', 'pending'] as const) {
      decideThenEvolve(state, moderate('c1', status), NOW);
      expect(statuses(state).c1).toBe(status);
      expect(decideThenEvolve(state, moderate('c1', status), NOW)).toMatchObject({ ok: true, events: [] });
    }
    expectRefusal(decideThenEvolve(state, moderate('c7', 'approved'), NOW), 'unknown_contribution');
  });
});

describe('the spotlight', () => {
  it('holds one approved contribution: spotlighting approves, hiding takes it out', () => {
    const state = room();
    run(state, post('p1', 'First'), NOW);
    run(state, post('p2', 'Second'), NOW);
    decideThenEvolve(state, spotlight('c1'), NOW);
    expect(state.contributions.spotlightId).toBe('c1');
    expect(statuses(state).c1).toBe('approved');
    decideThenEvolve(state, spotlight('c2'), NOW);
    expect(state.contributions.spotlightId).toBe('c2');
    decideThenEvolve(state, moderate('c2', 'hidden'), NOW);
    expect(state.contributions.spotlightId).toBeNull();
    decideThenEvolve(state, spotlight('c1'), NOW);
    decideThenEvolve(state, moderate('c1', 'pending'), NOW);
    expect(state.contributions.spotlightId).toBeNull();
    decideThenEvolve(state, spotlight('c1'), NOW);
    decideThenEvolve(state, spotlight(null), NOW);
    expect(state.contributions.spotlightId).toBeNull();
    expect(decideThenEvolve(state, spotlight(null), NOW)).toMatchObject({ ok: true, events: [] });
    expectRefusal(decideThenEvolve(state, spotlight('c5'), NOW), 'unknown_contribution');
  });
});

describe('boards', () => {
  /** c1 approved with 1 upvote (older), c2 approved with 2, c3 approved with 1 (newer), c4 waiting (p1's), c5 hidden. */
  function busy(): SessionState {
    const state = room();
    run(state, post('p1', 'Older, one upvote'), 1);
    run(state, post('p2', 'Two upvotes'), 2);
    run(state, post('p3', 'Newer, one upvote'), 3);
    run(state, post('p1', 'Mine, waiting'), 4);
    run(state, post('p2', 'Hidden'), 5);
    for (const id of ['c1', 'c2', 'c3']) run(state, moderate(id, 'approved'), 6);
    run(state, moderate('c5', 'hidden'), 6);
    run(state, upvote('p1', 'c1'), 7);
    run(state, upvote('p1', 'c2'), 7);
    run(state, upvote('p3', 'c2'), 7);
    run(state, upvote('p2', 'c3'), 7);
    return state;
  }

  it('show audiences the approved ones, most upvoted then newest first, without authors', () => {
    const board = deriveContributionBoard(busy(), 'audience');
    expect(board.contributions.map(({ id, upvotes }) => [id, upvotes])).toEqual([['c2', 2], ['c3', 1], ['c1', 1]]);
    expect(board.contributions.every((contribution) => contribution.authorName === undefined)).toBe(true);
    expect(board).toMatchObject({ moderation: true, spotlight: null, approved: 3 });
  });

  it('show moderators everything, with author names', () => {
    const state = busy();
    run(state, { type: 'participant:seat', participantId: 'p1', tableId: 't2', name: 'Ada' }, 8);
    const board = deriveContributionBoard(state, 'moderator');
    expect(board.contributions.map(({ id, status }) => [id, status])).toEqual([
      ['c2', 'approved'],
      ['c3', 'approved'],
      ['c1', 'approved'],
      ['c5', 'hidden'],
      ['c4', 'pending'],
    ]);
    expect(board.contributions.find(({ id }) => id === 'c4')?.authorName).toBe('Ada');
  });

  it("give an attendee their own waiting one first and mark their upvotes; others' waiting and hidden ones stay out", () => {
    const state = busy();
    const board = deriveContributionBoard(state, 'audience');
    const forP1 = attendeeContributions(board, deriveMyContributions(state, 'p1'));
    expect(forP1.map(({ id, own, upvotedByMe, status }) => [id, own, upvotedByMe, status])).toEqual([
      ['c4', true, false, 'pending'],
      ['c2', false, true, 'approved'],
      ['c3', false, false, 'approved'],
      ['c1', true, true, 'approved'],
    ]);
    const forP2 = attendeeContributions(board, deriveMyContributions(state, 'p2'));
    expect(forP2.map(({ id }) => id)).toEqual(['c2', 'c3', 'c1']);
  });

  it('carry the spotlight even beyond the list an audience gets, and grow their version with every change', () => {
    const state = room();
    const first = deriveContributionBoard(state, 'audience').version;
    run(state, configure(false), NOW);
    for (let index = 0; index <= CONTRIBUTION_LIMITS.audienceListSize; index++) {
      const author = `a${Math.floor(index / CONTRIBUTION_LIMITS.perParticipant)}`;
      if (!state.participants.has(author)) run(state, { type: 'participant:join', participantId: author, credential: `cred-${author}`, channel: 'onsite' });
      run(state, post(author, `Point ${index}`), index);
    }
    run(state, spotlight('c1'), NOW);
    const board = deriveContributionBoard(state, 'audience');
    expect(board.contributions).toHaveLength(CONTRIBUTION_LIMITS.audienceListSize);
    expect(board.contributions.some(({ id }) => id === 'c1')).toBe(false);
    expect(board.spotlight).toMatchObject({ id: 'c1', text: 'Point 0' });
    expect(board.approved).toBe(CONTRIBUTION_LIMITS.audienceListSize + 1);
    expect(board.version).toBeGreaterThan(first);
  });

  it('are rebuilt the same by replaying the events', () => {
    const live = newSession();
    const events: SessionEvent[] = [];
    const commands: SessionCommand[] = [
      { type: 'participant:join', participantId: 'p1', credential: 'cred-p1', channel: 'onsite' },
      { type: 'participant:join', participantId: 'p2', credential: 'cred-p2', channel: 'online' },
      post('p1', 'A'),
      post('p2', 'B'),
      spotlight('c2'),
      upvote('p1', 'c2'),
      upvote('p1', 'c2'),
      configure(false),
      moderate('c1', 'hidden'),
      post('p1', 'C'),
    ];
    for (const command of commands) {
      const decision = decideThenEvolve(live, command, NOW);
      if (decision.ok) events.push(...decision.events);
    }
    const replayed = newSession();
    for (const event of events) evolve(replayed, event);
    expect(fingerprint(replayed.contributions)).toBe(fingerprint(live.contributions));
    expect(deriveContributionBoard(replayed, 'moderator')).toEqual(deriveContributionBoard(live, 'moderator'));
  });
});
