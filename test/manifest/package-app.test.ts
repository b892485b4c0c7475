import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/command-catalogue';
import { buildManifest, toManifestCommands, validateManifest, writeAppPackage } from '../../scripts/package-app';

const BOT_ID = '3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f';
const MANIFEST_DIR = join(__dirname, '..', '..', 'manifest');

interface CommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}
interface BuiltManifest {
  id: string;
  version: string;
  validDomains: string[];
  bots: { botId: string; commandLists: CommandList[] }[];
  staticTabs?: { entityId: string; name?: string; contentUrl?: string; scopes: string[] }[];
  configurableTabs?: { id?: string; configurationUrl: string; canUpdateConfiguration?: boolean; scopes: string[] }[];
  webApplicationInfo?: { id: string; resource?: string };
}

function build(botDomain?: string): BuiltManifest {
  return buildManifest({ botId: BOT_ID, appVersion: '1.2.3', botDomain }) as unknown as BuiltManifest;
}

interface Png {
  width: number;
  height: number;
  colorType: number;
  /** Raw scanlines, each prefixed with its filter type byte. */
  scanlines: Buffer;
}

function readPng(file: string): Png {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(data.toString('latin1', 12, 16)).toBe('IHDR');
  const idat: Buffer[] = [];
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    if (data.toString('latin1', offset + 4, offset + 8) === 'IDAT') {
      idat.push(data.subarray(offset + 8, offset + 8 + length));
    }
    offset += 12 + length;
  }
  return {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    colorType: data[25] ?? -1,
    scanlines: inflateSync(Buffer.concat(idat)),
  };
}

describe('buildManifest', () => {
  it('produces a manifest that passes the bundled Teams schema', async () => {
    const manifest = build('samordningsboten.example.se');
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.validDomains).toEqual(['token.botframework.com', 'samordningsboten.example.se']);
  });

  it('keeps only the Bot Framework domain when no bot domain is given, and strips a scheme', () => {
    expect(build().validDomains).toEqual(['token.botframework.com']);
    expect(build('https://bot.example.se/api/messages').validDomains).toEqual([
      'token.botframework.com',
      'bot.example.se',
    ]);
  });

  it('has the Statistik tab: personal after the chat, addable to channels and group chats, with Teams sign-in for the bot', async () => {
    const manifest = build('https://samordningsboten.example.se/');
    expect(await validateManifest(manifest)).toEqual([]);
    // The chat stays the first personal tab: coordinators, the main users, land in it.
    expect(manifest.staticTabs).toEqual([
      { entityId: 'conversations', scopes: ['personal'] },
      { entityId: 'statistik', name: 'Statistik', contentUrl: 'https://samordningsboten.example.se/statistik', scopes: ['personal'] },
    ]);
    expect(manifest.configurableTabs).toEqual([
      { id: 'statistik', configurationUrl: 'https://samordningsboten.example.se/statistik/konfigurera', canUpdateConfiguration: false, scopes: ['team', 'groupChat'] },
    ]);
    // getAuthToken asks Entra for a token to this resource, issued to the bot's app registration.
    expect(manifest.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://samordningsboten.example.se/${BOT_ID}` });
    // The tab's pages must be on a domain the app names.
    expect(manifest.validDomains).toContain('samordningsboten.example.se');
  });

  it('signs the tab in with its own app registration when the bot has none that can (a managed identity)', async () => {
    const ssoId = '8b1d3f5a-7c9e-4b2d-a4f6-1c3e5a7b9d0f';
    const manifest = buildManifest({ botId: BOT_ID, appVersion: '1.2.3', botDomain: 'sip.region.se', tabSso: { clientId: ssoId } }) as unknown as BuiltManifest;
    expect(manifest.webApplicationInfo).toEqual({ id: ssoId, resource: `api://sip.region.se/${ssoId}` });
    const withUri = buildManifest({ botId: BOT_ID, appVersion: '1.2.3', botDomain: 'sip.region.se', tabSso: { clientId: ssoId, appIdUri: `api://sip.region.se/botid-${ssoId}` } }) as unknown as BuiltManifest;
    expect(withUri.webApplicationInfo).toEqual({ id: ssoId, resource: `api://sip.region.se/botid-${ssoId}` });
    expect(await validateManifest(withUri)).toEqual([]);
  });

  it('leaves the tab and the sign-in out when no bot domain is given: they have no address', async () => {
    const manifest = build();
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.staticTabs).toBeUndefined();
    expect(manifest.configurableTabs).toBeUndefined();
    expect(manifest.webApplicationInfo).toBeUndefined();
  });

  it('reports a tab that the schema refuses', async () => {
    const manifest = build('samordningsboten.example.se');
    const broken = { ...manifest, configurableTabs: [{ ...manifest.configurableTabs![0]!, scopes: ['personal'] }], webApplicationInfo: { id: 'inte-en-guid' } };
    const errors = await validateManifest(broken);
    expect(errors.some((error) => error.startsWith('/configurableTabs/0/scopes/0 '))).toBe(true);
    expect(errors.some((error) => error.startsWith('/webApplicationInfo/id '))).toBe(true);
  });

  it('builds one command list per scope from the command catalogue', () => {
    const lists = build().bots[0]?.commandLists ?? [];
    expect(lists.map((list) => list.scopes)).toEqual([['personal'], ['groupChat']]);
    for (const list of lists) {
      // Teams takes at most 12 per list; a command marked so is left out (it is still typed and in help).
      expect(list.commands).toHaveLength(COMMANDS.filter((c) => c.notInManifest !== true).length);
      expect(list.commands.length).toBeLessThanOrEqual(12);
      expect(list.commands.map((command) => command.title)).toContain('hjälp');
    }
  });

  it('keeps command titles and descriptions within Teams limits', () => {
    const [command] = toManifestCommands([
      {
        id: 'help',
        sv: ['mycketlångtkommandonamn', 'alias'],
        en: ['x'],
        descriptionSv: `Början ${'ordet '.repeat(40)}slut.`,
        descriptionEn: 'x',
        argument: { sv: 'ETT_LÅNGT_ARGUMENT', en: 'ARG' },
      },
    ]);
    expect(command?.title).toBe('mycketlångtkommandonamn…');
    expect(command?.description.length).toBeLessThanOrEqual(128);
    expect(command?.description).toMatch(/^Början ordet .*ordet…$/);
  });
});

describe('validateManifest', () => {
  it('reports schema errors for a broken manifest', async () => {
    const broken: Record<string, unknown> = { ...build(), id: 'inte-en-guid' };
    delete broken.name;
    const errors = await validateManifest(broken);
    expect(errors.some((error) => error.startsWith('/id '))).toBe(true);
    expect(errors.some((error) => error.includes('"missingProperty":"name"'))).toBe(true);
  });

  it('reports a missing $schema instead of throwing or going online', async () => {
    const { $schema: _, ...withoutSchema } = build() as unknown as Record<string, unknown>;
    expect(await validateManifest(withoutSchema)).toHaveLength(1);
    expect(await validateManifest({ ...withoutSchema, $schema: 'https://example.se/schema.json' })).toHaveLength(1);
  });
});

describe('icons', () => {
  it('has a 192×192 colour icon without transparency', () => {
    const png = readPng(join(MANIFEST_DIR, 'color.png'));
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(png.colorType).toBe(2); // truecolour without alpha, so the background is opaque
  });

  it('has a 32×32 outline icon that is white on transparent', () => {
    const png = readPng(join(MANIFEST_DIR, 'outline.png'));
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(png.colorType).toBe(6);
    const stride = 1 + png.width * 4;
    expect(png.scanlines).toHaveLength(stride * png.height);
    let opaque = 0;
    let transparent = 0;
    for (let y = 0; y < png.height; y++) {
      // The icon is written unfiltered so this check can read pixels without undoing PNG filters.
      expect(png.scanlines[y * stride]).toBe(0);
      for (let x = 0; x < png.width; x++) {
        const i = y * stride + 1 + x * 4;
        const [r, g, b, a] = png.scanlines.subarray(i, i + 4);
        if (a === 0) {
          transparent++;
          continue;
        }
        opaque++;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(opaque).toBeGreaterThan(0);
    expect(transparent).toBeGreaterThan(0);
  });
});

describe('writeAppPackage', () => {
  it('writes a zip with the manifest and both icons at the root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samordningsboten-pkg-'));
    try {
      const file = await writeAppPackage({ botId: BOT_ID, appVersion: '0.1.0', outFile: join(dir, 'out', 'app.zip') });
      const entries = unzipSync(new Uint8Array(readFileSync(file)));
      expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const manifest = JSON.parse(strFromU8(entries['manifest.json'] ?? new Uint8Array())) as BuiltManifest;
      expect(manifest.bots[0]?.botId).toBe(BOT_ID);
      expect(manifest.bots[0]?.commandLists[0]?.commands.map((command) => command.title)).toContain('hjälp');
      expect(entries['color.png']).toEqual(new Uint8Array(readFileSync(join(MANIFEST_DIR, 'color.png'))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to write a package with an invalid bot id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samordningsboten-pkg-'));
    try {
      await expect(
        writeAppPackage({ botId: 'inte-en-guid', appVersion: '0.1.0', outFile: join(dir, 'app.zip') }),
      ).rejects.toThrow(/The manifest is invalid:[\s\S]*\/id /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
