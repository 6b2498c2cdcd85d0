import { describe, expect, it } from 'vitest';
import {
  ACCESS_LIMITS,
  admitsNewcomer,
  deriveAccessView,
  moderatorLinkOf,
  sharesReport,
  OWNER_LINK_ID,
  TABLE_LIMITS,
  type SessionCommand,
} from '@pnyx/shared';
import { decideThenEvolve, join, newSession, OWNER_CREDENTIAL, run, SESSION_INFO } from '../utils/domain-fixtures.js';

const createLink = (linkId: string, label = 'Online moderator'): SessionCommand => ({
  type: 'moderator-link:create',
  linkId,
  label,
  credential: `cred-${linkId}`,
});

describe('moderator links', () => {
  it('start with the link that created the session', () => {
    const state = newSession();
    expect(moderatorLinkOf(state, OWNER_CREDENTIAL)?.id).toBe(OWNER_LINK_ID);
    expect(moderatorLinkOf(state, 'anything else')).toBeNull();
    expect(deriveAccessView(state)).toEqual({
      moderatorLinks: [{ id: OWNER_LINK_ID, label: 'Created the session', createdAt: SESSION_INFO.createdAt }],
      joinPin: null,
      reportShared: false,
    });
  });

  it('are made with a label, never show their credential, and open the session until revoked', () => {
    const state = newSession();
    run(state, createLink('co1', '  Online moderator  '), 5);
    expect(moderatorLinkOf(state, 'cred-co1')?.id).toBe('co1');
    const view = deriveAccessView(state);
    expect(view.moderatorLinks.map((link) => link.label)).toEqual(['Created the session', 'Online moderator']);
    expect(JSON.stringify(view)).not.toContain('cred-');

    run(state, { type: 'moderator-link:revoke', linkId: 'co1' }, 6);
    expect(moderatorLinkOf(state, 'cred-co1')).toBeNull();
    expect(decideThenEvolve(state, { type: 'moderator-link:revoke', linkId: 'co1' }, 7)).toMatchObject({ ok: false, error: { code: 'unknown_moderator_link' } });
  });

  it('keep the creating link: it can be replaced, not revoked', () => {
    const state = newSession();
    expect(decideThenEvolve(state, { type: 'moderator-link:revoke', linkId: OWNER_LINK_ID }, 1)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    run(state, { type: 'moderator-link:rotate', linkId: OWNER_LINK_ID, credential: 'new-owner' }, 2);
    expect(moderatorLinkOf(state, OWNER_CREDENTIAL)).toBeNull();
    expect(moderatorLinkOf(state, 'new-owner')?.id).toBe(OWNER_LINK_ID);
  });

  it('are limited in number, and a blank label gets a name', () => {
    const state = newSession();
    for (let index = 0; index < ACCESS_LIMITS.maxCoModeratorLinks; index++) run(state, createLink(`co${index}`, ' '));
    expect(deriveAccessView(state).moderatorLinks.at(-1)?.label).toBe('Co-moderator');
    expect(decideThenEvolve(state, createLink('one-more'), 1)).toMatchObject({ ok: false, error: { code: 'limit_reached' } });
    run(state, { type: 'moderator-link:revoke', linkId: 'co0' });
    run(state, createLink('one-more'));
  });

  it('are still managed after the session ended: a leaked link must be revocable afterwards', () => {
    const state = newSession();
    run(state, createLink('co1'));
    run(state, { type: 'session:end' });
    run(state, { type: 'moderator-link:revoke', linkId: 'co1' });
    run(state, { type: 'join-pin:set', pin: '4821' });
    expect(deriveAccessView(state)).toMatchObject({ moderatorLinks: [{ id: OWNER_LINK_ID }], joinPin: '4821' });
  });
});

describe('the report\'s share link', () => {
  it('opens the report for its key until replaced or withdrawn', () => {
    const state = newSession();
    expect(sharesReport(state, 'key-1')).toBe(false);
    run(state, { type: 'report-share:set', credential: 'key-1' });
    expect(sharesReport(state, 'key-1')).toBe(true);
    expect(deriveAccessView(state).reportShared).toBe(true);
    run(state, { type: 'report-share:set', credential: 'key-2' });
    expect([sharesReport(state, 'key-1'), sharesReport(state, 'key-2')]).toEqual([false, true]);
    run(state, { type: 'session:end' });
    run(state, { type: 'report-share:set', credential: null });
    expect(sharesReport(state, 'key-2')).toBe(false);
    expect(run(state, { type: 'report-share:set', credential: null }).events).toEqual([]);
  });
});

describe('the join PIN', () => {
  it('is off by default: the code alone lets newcomers in', () => {
    expect(admitsNewcomer(newSession(), undefined)).toEqual({ ok: true });
  });

  it('once set, asks newcomers for it and tells a wrong one apart', () => {
    const state = newSession();
    run(state, { type: 'join-pin:set', pin: '048213' });
    expect(admitsNewcomer(state, undefined)).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    expect(admitsNewcomer(state, '')).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    expect(admitsNewcomer(state, '48213')).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    expect(admitsNewcomer(state, '048213')).toEqual({ ok: true });
    run(state, { type: 'join-pin:set', pin: null });
    expect(admitsNewcomer(state, undefined)).toEqual({ ok: true });
  });

  it('takes 4 to 8 digits only; setting the same PIN again changes nothing', () => {
    const state = newSession();
    for (const pin of ['123', '123456789', '12a4', ' 1234']) {
      expect(decideThenEvolve(state, { type: 'join-pin:set', pin }, 1)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(run(state, { type: 'join-pin:set', pin: '1234' }).events).toHaveLength(1);
    expect(run(state, { type: 'join-pin:set', pin: '1234' }).events).toHaveLength(0);
  });
});

describe('a session\'s participants', () => {
  it('stop at the limit: bots flooding a public code fill no memory past it', () => {
    const state = newSession();
    for (let index = 0; index < TABLE_LIMITS.maxParticipants; index++) run(state, join(`p${index}`));
    expect(decideThenEvolve(state, join('one-too-many'), 1, { checkUnchanged: false })).toMatchObject({
      ok: false,
      error: { code: 'limit_reached', message: expect.stringContaining('20000') },
    });
  });
});
