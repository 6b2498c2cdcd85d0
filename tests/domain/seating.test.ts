import { describe, expect, it } from 'vitest';
import {
  TABLE_LIMITS,
  deriveRoster,
  evolve,
  meOf,
  type ErrorCode,
  type Result,
  type Decision,
  type SessionCommand,
  type SessionEvent,
  type SessionState,
} from '@pnyx/shared';
import { addTables, claim, decideThenEvolve, facilitatorCode, join, newSession, run, seat, sessionWith } from '../utils/domain-fixtures.js';

/**
 * Tables, seats and facilitators through `decide` and `evolve` (every command checks that `decide` left the
 * state untouched).
 */

const NOW = 5_000;

function expectRefusal(result: Result<Decision>, code: ErrorCode): void {
  if (result.ok) expect.fail(`expected ${code}, got ${JSON.stringify(result)}`);
  expect(result.error.code).toBe(code);
  expect(result.error.message.trim()).not.toBe('');
}

function expectEvents(result: Result<Decision>, events: unknown[]): void {
  expect(result).toEqual({ ok: true, duplicate: false, events });
}

const addCommand = (...names: string[]): SessionCommand => ({
  type: 'tables:add',
  tables: names.map((name, index) => ({ name, facilitatorCode: `code-${name}-${index}` })),
});
const rename = (tableId: string, name: string): SessionCommand => ({ type: 'table:rename', tableId, name });
const remove = (tableId: string): SessionCommand => ({ type: 'table:remove', tableId });
const setFacilitator = (participantId: string, facilitator: boolean): SessionCommand => ({ type: 'facilitator:set', participantId, facilitator });

/** Where everyone sits: participant → [table, facilitator]. */
function seating(state: SessionState): Record<string, [string | null, boolean]> {
  return Object.fromEntries([...state.participants.values()].map((participant) => [participant.id, [participant.tableId, participant.facilitator]]));
}

/** p1…p4 joined; tables t1 and t2 with codes code-t1, code-t2. */
function seated(): SessionState {
  const state = sessionWith({ participants: ['p1', 'p2', 'p3', 'p4'] });
  addTables(state, ['Window', 'Door']);
  return state;
}

describe('tables:add', () => {
  it('numbers the tables t1, t2, … and keeps their names and codes', () => {
    const state = newSession();

    const result = decideThenEvolve(state, { type: 'tables:add', tables: [{ name: 'Window', facilitatorCode: 'K1' }, { name: 'Door', facilitatorCode: 'K2' }] }, NOW);

    expectEvents(result, [
      {
        type: 'tables:added',
        tables: [
          { id: 't1', name: 'Window', facilitatorCode: 'K1', createdAt: NOW },
          { id: 't2', name: 'Door', facilitatorCode: 'K2', createdAt: NOW },
        ],
      },
    ]);
    expect([...state.tables.keys()]).toEqual(['t1', 't2']);
    expect([...state.tableIdByFacilitatorCode]).toEqual([
      ['K1', 't1'],
      ['K2', 't2'],
    ]);
  });

  it.each<[string, string, string]>([
    ['an empty name becomes "Table <number>"', '', 'Table 1'],
    ['a name of spaces becomes "Table <number>"', '   ', 'Table 1'],
    ['spaces and line breaks are collapsed', '  By \n the   window ', 'By the window'],
    ['control characters become spaces', 'A\u0000B\u007fC', 'A B C'],
    ['a long name is cut', 'x'.repeat(TABLE_LIMITS.nameMaxLength + 10), 'x'.repeat(TABLE_LIMITS.nameMaxLength)],
  ])('%s', (_, name, expected) => {
    const state = newSession();
    run(state, { type: 'tables:add', tables: [{ name, facilitatorCode: 'K1' }] });
    expect(state.tables.get('t1')?.name).toBe(expected);
  });

  it('never reuses the id of a removed table', () => {
    const state = newSession();
    run(state, addCommand('A', 'B'));
    run(state, remove('t2'));
    run(state, addCommand('C'));
    run(state, remove('t1'));
    run(state, remove('t3'));
    run(state, addCommand('D', 'E'));

    expect([...state.tables.keys()]).toEqual(['t4', 't5']);
    expect(state.tables.get('t4')?.name).toBe('D');
  });

  it('adds nothing for an empty list', () => {
    const state = newSession();
    expectEvents(decideThenEvolve(state, { type: 'tables:add', tables: [] }, NOW), []);
    expect(state.tables.size).toBe(0);
  });

  it.each<[string, { name: string; facilitatorCode: string }[]]>([
    ['a code of an existing table', [{ name: 'New', facilitatorCode: 'code-t1' }]],
    ['the same code twice in one command', [{ name: 'New', facilitatorCode: 'K9' }, { name: 'Other', facilitatorCode: 'K9' }]],
  ])('refuses %s as invalid_input and adds nothing', (_, tables) => {
    const state = seated();

    expectRefusal(decideThenEvolve(state, { type: 'tables:add', tables }, NOW), 'invalid_input');
    expect([...state.tables.keys()]).toEqual(['t1', 't2']);
  });

  it(`refuses more than ${TABLE_LIMITS.maxTables} tables as limit_reached`, () => {
    const state = newSession();
    const many = (count: number, from: number) => Array.from({ length: count }, (_, index) => ({ name: '', facilitatorCode: `K${from + index}` }));
    run(state, { type: 'tables:add', tables: many(TABLE_LIMITS.maxTables - 1, 0) });

    expectRefusal(decideThenEvolve(state, { type: 'tables:add', tables: many(2, 1_000) }, NOW), 'limit_reached');
    expect(state.tables.size).toBe(TABLE_LIMITS.maxTables - 1);
    expect(decideThenEvolve(state, { type: 'tables:add', tables: many(1, 1_000) }, NOW).ok).toBe(true);
    expect(state.tables.size).toBe(TABLE_LIMITS.maxTables);
  });
});

describe('table:rename', () => {
  it('renames, cleaning the name like tables:add', () => {
    const state = seated();
    expectEvents(decideThenEvolve(state, rename('t2', '  Front \t door '), NOW), [{ type: 'table:renamed', tableId: 't2', name: 'Front door' }]);
    expect(state.tables.get('t2')?.name).toBe('Front door');
  });

  it('changes nothing when the name is the same', () => {
    const state = seated();
    expectEvents(decideThenEvolve(state, rename('t1', ' Window '), NOW), []);
  });

  it.each<[string, SessionCommand, ErrorCode]>([
    ['an unknown table', rename('t9', 'Name'), 'unknown_table'],
    ['an empty name', rename('t1', '   '), 'invalid_input'],
  ])('refuses %s', (_, command, code) => {
    const state = seated();
    expectRefusal(decideThenEvolve(state, command, NOW), code);
    expect(state.tables.get('t1')?.name).toBe('Window');
  });
});

describe('table:remove', () => {
  it('unseats its members, who stop facilitating, and frees its code', () => {
    const state = seated();
    run(state, seat('p1', 't1'));
    run(state, claim('p2', facilitatorCode('t1')));
    run(state, claim('p3', facilitatorCode('t2')));

    expectEvents(decideThenEvolve(state, remove('t1'), NOW), [{ type: 'table:removed', tableId: 't1', unseated: ['p1', 'p2'], at: NOW }]);

    expect([...state.tables.keys()]).toEqual(['t2']);
    expect(seating(state)).toEqual({ p1: [null, false], p2: [null, false], p3: ['t2', true], p4: [null, false] });
    expectRefusal(decideThenEvolve(state, claim('p1', facilitatorCode('t1')), NOW), 'wrong_facilitator_code');
  });

  it('puts the projector back on the room when it showed that table', () => {
    const state = seated();
    run(state, { type: 'screen:show', screen: { mode: 'notes', tableId: 't1' } });
    run(state, remove('t2'));
    expect(state.screen).toEqual({ mode: 'notes', tableId: 't1' });

    run(state, remove('t1'));

    expect(state.screen).toEqual({ mode: 'room', tableId: null });
  });

  it('refuses an unknown or already removed table', () => {
    const state = seated();
    run(state, remove('t1'));
    expectRefusal(decideThenEvolve(state, remove('t1'), NOW), 'unknown_table');
    expectRefusal(decideThenEvolve(state, remove('t7'), NOW), 'unknown_table');
  });
});

describe('participant:join with a table', () => {
  it('seats the participant at the table of the QR code they scanned', () => {
    const state = seated();
    const result = decideThenEvolve(state, { ...join('p9'), tableId: 't2', name: '  Ana  ' } as SessionCommand, NOW);

    expectEvents(result, [{ type: 'participant:joined', participantId: 'p9', credential: 'cred-p9', channel: 'onsite', tableId: 't2', name: 'Ana', at: NOW }]);
    expect(state.participants.get('p9')).toMatchObject({ tableId: 't2', name: 'Ana', facilitator: false });
  });

  it('ignores a table that does not exist (the phone then asks)', () => {
    const state = seated();
    run(state, remove('t1'));
    run(state, join('p8', 'cred-p8', 'online', 't1'));
    run(state, join('p9', 'cred-p9', 'online', 't9'));

    expect(seating(state)).toMatchObject({ p8: [null, false], p9: [null, false] });
  });

  it('cuts a long name and drops control characters', () => {
    const state = seated();
    run(state, { ...join('p9'), name: `\u0007${'n'.repeat(TABLE_LIMITS.participantNameMaxLength + 5)}` } as SessionCommand);
    expect(state.participants.get('p9')?.name).toBe('n'.repeat(TABLE_LIMITS.participantNameMaxLength));
  });
});

describe('participant:seat', () => {
  it('seats, moves and unseats a participant', () => {
    const state = seated();

    expectEvents(decideThenEvolve(state, seat('p1', 't1'), NOW), [{ type: 'participant:seated', participantId: 'p1', tableId: 't1', name: '', at: NOW }]);
    expect(seating(state).p1).toEqual(['t1', false]);

    run(state, seat('p1', 't2'));
    expect(seating(state).p1).toEqual(['t2', false]);

    run(state, seat('p1', null));
    expect(seating(state).p1).toEqual([null, false]);
  });

  it('changes nothing when the participant already sits there with that name', () => {
    const state = seated();
    run(state, { type: 'participant:seat', participantId: 'p1', tableId: 't1', name: 'Ana' });
    expectEvents(decideThenEvolve(state, seat('p1', 't1'), NOW), []);
    expectEvents(decideThenEvolve(state, { type: 'participant:seat', participantId: 'p1', tableId: 't1', name: ' Ana ' }, NOW), []);
  });

  it('renames a participant who stays at the table, who keeps facilitating', () => {
    const state = seated();
    run(state, claim('p1', facilitatorCode('t1')));

    expectEvents(decideThenEvolve(state, { type: 'participant:seat', participantId: 'p1', tableId: 't1', name: 'Bo' }, NOW), [
      { type: 'participant:seated', participantId: 'p1', tableId: 't1', name: 'Bo', at: NOW },
    ]);
    expect(state.participants.get('p1')).toMatchObject({ name: 'Bo', tableId: 't1', facilitator: true });
  });

  it.each<[string, string | null]>([
    ['to another table', 't2'],
    ['to no table', null],
  ])('a facilitator who moves %s stops facilitating', (_, tableId) => {
    const state = seated();
    run(state, claim('p1', facilitatorCode('t1')));

    run(state, seat('p1', tableId));

    expect(seating(state).p1).toEqual([tableId, false]);
  });

  it.each<[string, SessionCommand, ErrorCode]>([
    ['an unknown participant', seat('stranger', 't1'), 'unknown_participant'],
    ['an unknown table', seat('p1', 't9'), 'unknown_table'],
  ])('refuses %s', (_, command, code) => {
    const state = seated();
    expectRefusal(decideThenEvolve(state, command, NOW), code);
    expect(seating(state).p1).toEqual([null, false]);
  });
});

describe('facilitator:claim', () => {
  it("seats the participant at the code's table and makes them its facilitator", () => {
    const state = seated();

    expectEvents(decideThenEvolve(state, claim('p1', facilitatorCode('t2')), NOW), [
      { type: 'participant:seated', participantId: 'p1', tableId: 't2', name: '', at: NOW },
      { type: 'facilitator:set', participantId: 'p1', facilitator: true, at: NOW },
    ]);
    expect(seating(state).p1).toEqual(['t2', true]);
  });

  it('at the table already: only the role', () => {
    const state = seated();
    run(state, seat('p1', 't1'));

    expectEvents(decideThenEvolve(state, claim('p1', facilitatorCode('t1')), NOW), [{ type: 'facilitator:set', participantId: 'p1', facilitator: true, at: NOW }]);
    expectEvents(decideThenEvolve(state, claim('p1', facilitatorCode('t1')), NOW), []);
  });

  it("moves a facilitator to the other code's table, facilitating there", () => {
    const state = seated();
    run(state, claim('p1', facilitatorCode('t1')));

    run(state, claim('p1', facilitatorCode('t2')));

    expect(seating(state).p1).toEqual(['t2', true]);
  });

  it.each<[string, SessionCommand, ErrorCode]>([
    ['a wrong code', claim('p1', 'nope'), 'wrong_facilitator_code'],
    ['a code that differs in case', claim('p1', 'CODE-T1'), 'wrong_facilitator_code'],
    ['an unknown participant', claim('stranger', facilitatorCode('t1')), 'unknown_participant'],
  ])('refuses %s and changes nothing', (_, command, code) => {
    const state = seated();
    run(state, seat('p1', 't2'));
    expectRefusal(decideThenEvolve(state, command, NOW), code);
    expect(seating(state).p1).toEqual(['t2', false]);
  });
});

describe('facilitator:set', () => {
  it("gives and withdraws the role at the participant's table", () => {
    const state = seated();
    run(state, seat('p1', 't1'));

    expectEvents(decideThenEvolve(state, setFacilitator('p1', true), NOW), [{ type: 'facilitator:set', participantId: 'p1', facilitator: true, at: NOW }]);
    expect(seating(state).p1).toEqual(['t1', true]);
    expectEvents(decideThenEvolve(state, setFacilitator('p1', true), NOW), []);

    expectEvents(decideThenEvolve(state, setFacilitator('p1', false), NOW), [{ type: 'facilitator:set', participantId: 'p1', facilitator: false, at: NOW }]);
    expect(seating(state).p1).toEqual(['t1', false]);
    expectEvents(decideThenEvolve(state, setFacilitator('p1', false), NOW), []);
  });

  it('needs the participant to sit at a table', () => {
    const state = seated();
    expectRefusal(decideThenEvolve(state, setFacilitator('p1', true), NOW), 'unknown_table');
    expect(seating(state).p1).toEqual([null, false]);
    // Withdrawing a role nobody has is nothing to refuse.
    expectEvents(decideThenEvolve(state, setFacilitator('p1', false), NOW), []);
  });

  it('refuses an unknown participant', () => {
    expectRefusal(decideThenEvolve(seated(), setFacilitator('stranger', true), NOW), 'unknown_participant');
  });
});

describe('the roster', () => {
  it('lists the tables in order with codes and members, and who sits nowhere', () => {
    const state = seated();
    run(state, { type: 'participant:seat', participantId: 'p1', tableId: 't2', name: 'Ana' });
    run(state, claim('p2', facilitatorCode('t2')));
    run(state, join('p5', 'cred-p5', 'online', 't1'));

    expect(deriveRoster(state)).toEqual({
      tables: [
        { id: 't1', name: 'Window', facilitatorCode: 'code-t1', members: [{ participantId: 'p5', name: '', channel: 'online', facilitator: false, language: null }] },
        {
          id: 't2',
          name: 'Door',
          facilitatorCode: 'code-t2',
          members: [
            { participantId: 'p1', name: 'Ana', channel: 'onsite', facilitator: false, language: null },
            { participantId: 'p2', name: '', channel: 'onsite', facilitator: true, language: null },
          ],
        },
      ],
      unseated: [
        { participantId: 'p3', name: '', channel: 'onsite', facilitator: false, language: null },
        { participantId: 'p4', name: '', channel: 'onsite', facilitator: false, language: null },
      ],
    });
    expect(meOf(state.participants.get('p2')!)).toEqual({ participantId: 'p2', channel: 'onsite', name: '', tableId: 't2', facilitator: true, language: null });
  });
});

describe('replay', () => {
  it('rebuilds the same seating from the events', () => {
    const live = seated();
    const log: SessionEvent[] = [];
    const replayed = seated();
    for (const command of [
      seat('p1', 't1'),
      claim('p2', facilitatorCode('t1')),
      addCommand('Stage'),
      rename('t3', 'Stage left'),
      claim('p3', facilitatorCode('t2')),
      seat('p2', 't3'),
      remove('t2'),
      setFacilitator('p1', true),
    ]) {
      const result = decideThenEvolve(live, command, NOW);
      if (!result.ok) expect.fail(`${command.type} refused: ${result.error.code}`);
      log.push(...result.events);
    }
    for (const event of structuredClone(log)) evolve(replayed, event);

    expect(replayed).toEqual(live);
  });
});
