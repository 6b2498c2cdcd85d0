import { describe, expect, it } from 'vitest';
import type { Answer, Me, OwnBallot, Roster } from '@pnyx/shared';
import { expectOk, request, requestRaw, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { joinPhone, openQuestion, resultsOf, roomWithTables, tableTally } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Tables of real Socket.IO clients against a real server: seating, moving, facilitators, table-scope
 * ballots, paper ballots, and results by table and by channel.
 */

const fixture = useTestServer();

let ballotCounter = 0;
function cast(socket: TestSocket, questionId: string, answer: Answer) {
  return request(socket, 'ballot:cast', { questionId, answer, ballotId: `b${++ballotCounter}` });
}

describe('tables and seats', () => {
  it('a moderator adds tables and sees them with facilitator codes; phones join with and without a table', async () => {
    const room = await roomWithTables(fixture, 2, { names: ['Oak', ''] });
    expect(room.roster.tables.map(({ id, name }) => ({ id, name }))).toEqual([
      { id: 't1', name: 'Oak' },
      { id: 't2', name: 'Table 2' },
    ]);
    const codes = room.roster.tables.map((table) => table.facilitatorCode);
    expect(codes.every((code) => /^[A-Z2-9]{6}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(2);

    const rosters: Roster[] = [];
    room.moderator.on('roster:update', (roster) => rosters.push(roster));
    const atTable = await joinPhone(fixture, room.session.code, { tableId: 't2' });
    const unseated = await joinPhone(fixture, room.session.code);
    expect(atTable.me).toMatchObject({ tableId: 't2', facilitator: false, channel: 'onsite' });
    expect(unseated.me.tableId).toBeNull();
    expect(atTable.joined.view.tables).toEqual([
      { id: 't1', name: 'Oak' },
      { id: 't2', name: 'Table 2' },
    ]);
    // Phones never see facilitator codes.
    expect(JSON.stringify(atTable.joined)).not.toContain(codes[0]);

    const latest = await eventually(() => {
      const roster = rosters.at(-1);
      return roster && roster.unseated.length === 1 && roster.tables[1]!.members.length === 1 && roster;
    }, 'a roster with both phones');
    expect(latest.tables[1]!.members[0]!.participantId).toBe(atTable.joined.participantId);
    expect(latest.unseated[0]!.participantId).toBe(unseated.joined.participantId);

    // A phone that joins again with another table's link keeps its seat.
    const again = await joinPhone(fixture, room.session.code, { tableId: 't1', participantToken: atTable.joined.participantToken });
    expect(again.me.tableId).toBe('t2');
  });

  it('a phone seats itself, a moderator moves it and its phone is told, a wrong table is refused', async () => {
    const room = await roomWithTables(fixture, 2);
    const phone = await joinPhone(fixture, room.session.code);
    const seated = expectOk(await request(phone.socket, 'participant:seat', { tableId: 't1', name: '  Ana  ' }));
    expect(seated.me).toMatchObject({ tableId: 't1', name: 'Ana' });

    const told: Me[] = [];
    phone.socket.on('me:update', (me) => told.push(me));
    expectOk(await request(room.moderator, 'participant:move', { participantId: phone.joined.participantId, tableId: 't2' }));
    const moved = await eventually(() => told.at(-1), 'the phone to learn it was moved');
    expect(moved).toMatchObject({ participantId: phone.joined.participantId, tableId: 't2', name: 'Ana' });

    const unknown = await request(phone.socket, 'participant:seat', { tableId: 't9' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_table' } });
    const moveUnknown = await request(room.moderator, 'participant:move', { participantId: phone.joined.participantId, tableId: 't9' });
    expect(moveUnknown).toMatchObject({ ok: false, error: { code: 'unknown_table' } });
    const { roster } = expectOk(await request(room.moderator, 'roster:get', {}));
    expect(roster.tables[1]!.members.map((member) => member.participantId)).toEqual([phone.joined.participantId]);
  });

  it('a facilitator code makes the phone its table’s facilitator; a wrong one is refused', async () => {
    const room = await roomWithTables(fixture, 2);
    const phone = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const wrong = await request(phone.socket, 'facilitator:claim', { facilitatorCode: 'ZZZZZZ' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong_facilitator_code' } });

    // The code of table 2, typed in lower case with a space: the phone moves there and facilitates it.
    const code = room.roster.tables[1]!.facilitatorCode;
    const claimed = expectOk(await request(phone.socket, 'facilitator:claim', { facilitatorCode: `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}` }));
    expect(claimed.me).toMatchObject({ tableId: 't2', facilitator: true });

    // Changing tables drops the role.
    const moved = expectOk(await request(phone.socket, 'participant:seat', { tableId: 't1' }));
    expect(moved.me).toMatchObject({ tableId: 't1', facilitator: false });
  });

  it('malformed payloads are refused with invalid_input and change nothing', async () => {
    const room = await roomWithTables(fixture, 1);
    const phone = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const malformed: [TestSocket, string, unknown][] = [
      [room.moderator, 'tables:add', { count: 0 }],
      [room.moderator, 'tables:add', { count: 101 }],
      [room.moderator, 'tables:add', { count: 1, extra: true }],
      [room.moderator, 'tables:add', { count: 1, names: ['x'.repeat(61)] }],
      [room.moderator, 'participant:move', { participantId: phone.joined.participantId, tableId: 'table-1' }],
      [phone.socket, 'participant:seat', { tableId: 1 }],
      [phone.socket, 'participant:seat', { tableId: 't1', name: 'x'.repeat(41) }],
      [phone.socket, 'facilitator:claim', { facilitatorCode: 'not a code' }],
      [phone.socket, 'facilitator:claim', {}],
      [phone.socket, 'paper:enter', { questionId: 'q', tableId: 't1', counts: { a: -1 } }],
      [phone.socket, 'paper:enter', 'paper'],
    ];
    for (const [socket, event, payload] of malformed) {
      const refused = await requestRaw(socket, event, payload);
      expect(refused, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const { roster } = expectOk(await request(room.moderator, 'roster:get', {}));
    expect(roster.tables.map((table) => table.id)).toEqual(['t1']);
    expect(roster.tables[0]!.members).toEqual([
      { participantId: phone.joined.participantId, name: '', channel: 'onsite', facilitator: false, language: null },
    ]);
  });
});

describe('table-scope questions', () => {
  it('only the facilitator answers for the table, may change it until close, and each table counts once', async () => {
    const room = await roomWithTables(fixture, 2);
    const [first, second] = room.roster.tables.map((table) => table.facilitatorCode) as [string, string];
    const { questionId, optionIds } = await openQuestion(room, { labels: ['Cats', 'Dogs'], scope: 'table' });

    const facilitator1 = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const member1 = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const facilitator2 = await joinPhone(fixture, room.session.code);
    expectOk(await request(facilitator1.socket, 'facilitator:claim', { facilitatorCode: first }));
    expectOk(await request(facilitator2.socket, 'facilitator:claim', { facilitatorCode: second }));

    const refused = await cast(member1.socket, questionId, { optionId: optionIds[0]! });
    expect(refused).toMatchObject({ ok: false, error: { code: 'table_scope' } });

    // Every member's phone hears of the table's ballot; the other table's members do not.
    const toMember1: OwnBallot[] = [];
    const toFacilitator2: OwnBallot[] = [];
    member1.socket.on('ballot:counted', (ballot) => toMember1.push(ballot));
    facilitator2.socket.on('ballot:counted', (ballot) => toFacilitator2.push(ballot));
    expectOk(await cast(facilitator1.socket, questionId, { optionId: optionIds[0]! }));
    expectOk(await cast(facilitator1.socket, questionId, { optionId: optionIds[1]! }));
    await eventually(() => (toMember1.length === 2 ? toMember1 : null), 'the table ballots on the member phone');
    expect(toMember1.map((ballot) => ballot.answer)).toEqual([{ optionId: optionIds[0] }, { optionId: optionIds[1] }]);
    expectOk(await cast(facilitator2.socket, questionId, { optionId: optionIds[1]! }));
    await eventually(() => (toFacilitator2.length === 1 ? toFacilitator2 : null), 'table 2’s own ballot');
    expect(toMember1).toHaveLength(2);

    const counted = await resultsOf(room, questionId);
    expect(counted.room).toMatchObject({ voters: 2, counts: { [optionIds[0]!]: 0, [optionIds[1]!]: 2 } });
    expect(tableTally(counted, 't1')).toMatchObject({ voters: 1, counts: { [optionIds[1]!]: 1 } });
    expect(tableTally(counted, 't2')).toMatchObject({ voters: 1, counts: { [optionIds[1]!]: 1 } });

    // A member who joins again sees the table's answer.
    const rejoined = await joinPhone(fixture, room.session.code, { participantToken: member1.joined.participantToken });
    expect(rejoined.joined.ballots).toEqual([expect.objectContaining({ questionId, answer: { optionId: optionIds[1] } })]);

    // Two facilitators of one table: a retried older ballot is acknowledged with the answer that counts now.
    expectOk(await request(member1.socket, 'facilitator:claim', { facilitatorCode: first }));
    const older = { questionId, answer: { optionId: optionIds[0]! }, ballotId: 'older' };
    expectOk(await request(facilitator1.socket, 'ballot:cast', older));
    expectOk(await cast(member1.socket, questionId, { optionId: optionIds[1]! }));
    const retried = expectOk(await request(facilitator1.socket, 'ballot:cast', older));
    expect(retried).toMatchObject({ duplicate: true, counted: { questionId, answer: { optionId: optionIds[1] } } });

    expectOk(await request(room.moderator, 'question:close', { questionId }));
    const late = await cast(facilitator1.socket, questionId, { optionId: optionIds[0]! });
    expect(late).toMatchObject({ ok: false, error: { code: 'question_closed' } });
    expect((await resultsOf(room, questionId)).room.voters).toBe(2);
  });
});

describe('results by table, by channel and on paper', () => {
  it('ballots count at their caster’s table; paper ballots from the table’s facilitator or a moderator only', async () => {
    const room = await roomWithTables(fixture, 2);
    const { questionId, optionIds } = await openQuestion(room, { labels: ['Yes', 'No'] });
    const [yes, no] = optionIds as [string, string];

    const atTable1 = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const atTable2 = await joinPhone(fixture, room.session.code, { tableId: 't2' });
    const facilitator2 = await joinPhone(fixture, room.session.code);
    expectOk(await request(facilitator2.socket, 'facilitator:claim', { facilitatorCode: room.roster.tables[1]!.facilitatorCode }));
    expectOk(await cast(atTable1.socket, questionId, { optionId: yes }));
    expectOk(await cast(atTable2.socket, questionId, { optionId: no }));

    let counted = await resultsOf(room, questionId);
    expect(tableTally(counted, 't1')).toMatchObject({ voters: 1, counts: { [yes]: 1, [no]: 0 } });
    expect(tableTally(counted, 't2')).toMatchObject({ voters: 1, counts: { [yes]: 0, [no]: 1 } });

    // The facilitator of table 2 may not enter table 1's count; the moderator may.
    const foreign = await request(facilitator2.socket, 'paper:enter', { questionId, tableId: 't1', counts: { [yes]: 5 } });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const memberOnly = await request(atTable1.socket, 'paper:enter', { questionId, tableId: 't1', counts: { [yes]: 5 } });
    expect(memberOnly).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unknownTable = await request(room.moderator, 'paper:enter', { questionId, tableId: 't7', counts: { [yes]: 5 } });
    expect(unknownTable).toMatchObject({ ok: false, error: { code: 'unknown_table' } });
    expect((await resultsOf(room, questionId)).byChannel.paper.voters).toBe(0);

    expectOk(await request(room.moderator, 'paper:enter', { questionId, tableId: 't1', counts: { [yes]: 3, [no]: 1 } }));
    expectOk(await request(facilitator2.socket, 'paper:enter', { questionId, tableId: 't2', counts: { [no]: 2 } }));
    // A new entry replaces the table's previous one.
    expectOk(await request(facilitator2.socket, 'paper:enter', { questionId, tableId: 't2', counts: { [no]: 4 } }));
    // The entry is read back by those who may enter it, for their form; not by others.
    const saved = expectOk(await request(facilitator2.socket, 'paper:get', { questionId, tableId: 't2' }));
    expect(saved.entry).toMatchObject({ tableId: 't2', voters: 4, counts: { [yes]: 0, [no]: 4 } });
    expect(expectOk(await request(room.moderator, 'paper:get', { questionId, tableId: 't1' })).entry).toMatchObject({ voters: 4 });
    expect(await request(atTable1.socket, 'paper:get', { questionId, tableId: 't1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(facilitator2.socket, 'paper:get', { questionId, tableId: 't1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    counted = await resultsOf(room, questionId);
    expect(counted.byChannel.paper).toMatchObject({ voters: 8, counts: { [yes]: 3, [no]: 5 } });
    expect(counted.byChannel.onsite).toMatchObject({ voters: 2, counts: { [yes]: 1, [no]: 1 } });
    expect(counted.room).toMatchObject({ voters: 10, counts: { [yes]: 4, [no]: 6 } });
    expect(tableTally(counted, 't1')).toMatchObject({ voters: 5, counts: { [yes]: 4, [no]: 1 } });
    expect(tableTally(counted, 't2')).toMatchObject({ voters: 5, counts: { [yes]: 0, [no]: 5 } });

    // Moving a participant moves their ballot to the new table.
    expectOk(await request(room.moderator, 'participant:move', { participantId: atTable1.joined.participantId, tableId: 't2' }));
    counted = await resultsOf(room, questionId);
    expect(tableTally(counted, 't1')).toMatchObject({ voters: 4, counts: { [yes]: 3 } });
    expect(tableTally(counted, 't2')).toMatchObject({ voters: 6, counts: { [yes]: 1, [no]: 5 } });
  });

  it('paper ballots are refused for a table-scope question and for counts that do not add up', async () => {
    const room = await roomWithTables(fixture, 1);
    const table = await openQuestion(room, { labels: ['A', 'B'], scope: 'table' });
    const tableScope = await request(room.moderator, 'paper:enter', { questionId: table.questionId, tableId: 't1', counts: { [table.optionIds[0]!]: 1 } });
    expect(tableScope).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });

    const multi = await openQuestion(room, { labels: ['A', 'B', 'C'], kind: 'multi', maxChoices: 2 });
    const [a, b] = multi.optionIds as [string, string];
    const noVoters = await request(room.moderator, 'paper:enter', { questionId: multi.questionId, tableId: 't1', counts: { [a]: 2 } });
    expect(noVoters).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const tooFew = await request(room.moderator, 'paper:enter', { questionId: multi.questionId, tableId: 't1', counts: { [a]: 3, [b]: 3 }, voters: 2 });
    expect(tooFew).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await resultsOf(room, multi.questionId)).byChannel.paper.voters).toBe(0);

    expectOk(await request(room.moderator, 'paper:enter', { questionId: multi.questionId, tableId: 't1', counts: { [a]: 3, [b]: 3 }, voters: 4 }));
    expect((await resultsOf(room, multi.questionId)).room).toMatchObject({ voters: 4, counts: { [a]: 3, [b]: 3 } });
  });
});
