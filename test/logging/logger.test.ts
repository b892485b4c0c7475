import { describe, expect, it } from 'vitest';
import { activitySummary } from '../../src/bot/activity-summary';
import { createLogger } from '../../src/logging/logger';
import { fixture } from '../support/fixtures';
import { LogCapture } from '../support/test-bot';

describe('logger redaction', () => {
  it('never writes message text, card values, attachments, tokens or secrets, even when handed a whole activity', () => {
    const logs = new LogCapture();
    const logger = createLogger('trace', logs);
    const activity = fixture('teams-card-action', 'https://smba.trafficmanager.net/emea/', {
      text: 'TEXT-19121212-1212',
      value: { action: { type: 'Action.Execute', verb: 'help.show', data: { note: 'CARDVALUE-Kalle' } } },
      attachments: [{ content: 'ATTACHMENT-body' }],
    });
    logger.info({ activity }, 'whole activity by mistake');
    logger.info({ text: 'TOP-TEXT', value: 'TOP-VALUE', password: 'PW', token: 'TOKEN', data: { note: 'DATA' } }, 'flat');
    logger.info({ req: { headers: { authorization: 'Bearer SECRET-JWT' } } }, 'request');
    logger.info({ config: { MicrosoftAppPassword: 'APP-SECRET', connectionString: 'AccountKey=KEY' } }, 'config');

    for (const secret of ['TEXT-19121212', 'CARDVALUE', 'ATTACHMENT-body', 'TOP-TEXT', 'TOP-VALUE', '"PW"', 'TOKEN"', 'DATA', 'SECRET-JWT', 'APP-SECRET', 'AccountKey']) {
      expect(logs.text).not.toContain(secret);
    }
    expect(logs.lines).toHaveLength(4);
    expect(logs.text).toContain('[redacted]');
  });

  it('keeps errors useful but drops the HTTP request and response they carry', () => {
    const logs = new LogCapture();
    const err = Object.assign(new Error('Conflict'), { statusCode: 412, code: 'UpdateConditionNotSatisfied', request: { body: 'REQUEST-BODY' }, response: { bodyAsText: 'RESPONSE-BODY' } });
    createLogger('info', logs).error({ err }, 'write failed');
    const line = JSON.parse(logs.lines[0]!) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'Error', message: 'Conflict', statusCode: 412, code: 'UpdateConditionNotSatisfied' });
    expect(logs.text).not.toContain('REQUEST-BODY');
    expect(logs.text).not.toContain('RESPONSE-BODY');
  });

  it('summarises an activity by kind and ids only', () => {
    const activity = fixture('teams-card-action', 'https://x.example/', { text: 'hemlig text' });
    const summary = activitySummary(activity as unknown as Parameters<typeof activitySummary>[0]);
    expect(summary).toEqual({
      activityType: 'invoke',
      activityName: 'adaptiveCard/action',
      verb: 'help.show',
      channelId: 'msteams',
      conversationType: 'personal',
      tenantId: '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c',
      userAadObjectId: '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41',
    });
    expect(JSON.stringify(summary)).not.toContain('Anna');
  });
});
