/**
 * Builds the Teams app package (manifest.json + icons in one zip) from manifest/manifest.template.json.
 *
 * Run with `npm run package`; needs MicrosoftAppId (or the Agents Toolkit's BOT_ID; optionally
 * BOT_DOMAIN, DEVELOPER_URL, TAB_SSO_CLIENT_ID, TAB_SSO_APP_ID_URI) in the environment or in .env.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { config as loadDotenv } from 'dotenv';
import { strToU8, zipSync } from 'fflate';
import { COMMANDS, type CommandDefinition } from '../src/bot/command-catalogue';
import { projectRoot } from '../src/project-root';

/** A manifest as plain JSON; its shape is checked by {@link validateManifest}, not by the compiler. */
export type ManifestJson = Record<string, unknown>;

export interface ManifestOptions {
  /** The bot's Microsoft App ID (a GUID); also used as the Teams app id. */
  botId: string;
  /** Semver app version, normally package.json's version. */
  appVersion: string;
  /**
   * Host name the bot is served from: added to validDomains, and the address of the Statistik tab
   * and of its Teams sign-in (webApplicationInfo); without it the package has no tab.
   */
  botDomain?: string;
  /** Base URL for the developer's website, privacy and terms pages. */
  developerUrl?: string;
  /**
   * The app registration the tab signs in with (TAB_SSO_CLIENT_ID, TAB_SSO_APP_ID_URI), when it is
   * not the bot's: a bot on a managed identity (infra/azure.bicep) has its own for the tab.
   */
  tabSso?: { clientId?: string | undefined; appIdUri?: string | undefined };
}

export const DEFAULT_DEVELOPER_URL = 'https://example.se/samordningsboten';

/** Teams shows longer command titles and descriptions cut off, so keep within its documented limits. */
const MAX_TITLE = 32;
const MAX_DESCRIPTION = 128;
const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;


function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  // Cut at a word boundary unless that would throw away most of the text.
  const head = lastSpace >= max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s.,;:–-]+$/u, '')}…`;
}

/**
 * The manifest's bot command list for the given commands: the first Swedish word (plus the argument
 * placeholder) as title and the Swedish description, both cut to Teams' limits.
 */
export function toManifestCommands(
  commands: readonly CommandDefinition[] = COMMANDS,
): { title: string; description: string }[] {
  return commands.filter((command) => command.notInManifest !== true).map((command) => {
    const word = command.sv[0] ?? command.id;
    const title = command.argument ? `${word} ${command.argument.sv}` : word;
    return {
      title: truncate(title, MAX_TITLE),
      description: truncate(command.descriptionSv, MAX_DESCRIPTION),
    };
  });
}

function substitute(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+)\}/g, (_, name: string) => {
      const replacement = vars[name];
      if (replacement === undefined) throw new Error(`Unknown placeholder \${${name}} in the manifest template.`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, vars)]));
  }
  return value;
}

/**
 * Reads manifest/manifest.template.json, fills in the placeholders and the bot's command lists
 * (from {@link COMMANDS}, the same list for the personal and group chat scopes). Does not validate.
 */
export function buildManifest(opts: ManifestOptions): ManifestJson {
  const template: unknown = JSON.parse(readFileSync(join(projectRoot(), 'manifest', 'manifest.template.json'), 'utf8'));
  // People paste whole URLs into BOT_DOMAIN; Teams wants a bare host name.
  const botDomain = (opts.botDomain ?? '').trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
  const ssoClientId = opts.tabSso?.clientId?.trim() || opts.botId;
  const manifest = substitute(template, {
    BOT_ID: opts.botId,
    TAB_SSO_CLIENT_ID: ssoClientId,
    TAB_SSO_RESOURCE: opts.tabSso?.appIdUri?.trim() || `api://${botDomain}/${ssoClientId}`,
    APP_VERSION: opts.appVersion,
    BOT_DOMAIN: botDomain,
    DEVELOPER_URL: (opts.developerUrl ?? DEFAULT_DEVELOPER_URL).replace(/\/+$/, ''),
  }) as ManifestJson & { bots: { commandLists: unknown }[]; validDomains: string[] };

  manifest.validDomains = [...new Set(manifest.validDomains.filter((domain) => domain !== ''))];
  // The Statistik tab and its Teams sign-in live at the bot's address; without one the package
  // is the bot alone (and the chat stays its only personal tab).
  if (botDomain === '') {
    delete manifest.staticTabs;
    delete manifest.configurableTabs;
    delete manifest.webApplicationInfo;
  }
  const commands = toManifestCommands();
  for (const bot of manifest.bots) {
    bot.commandLists = [
      { scopes: ['personal'], commands },
      { scopes: ['groupChat'], commands },
    ];
  }
  return manifest;
}

/**
 * Where @microsoft/app-manifest keeps its copy of a schema. Without a local copy the library quietly
 * downloads the schema, and packaging should neither need the network nor trust what it would get.
 */
function bundledSchemaPath(schemaUrl: string): string | undefined {
  const match = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/v[\w.]+\/MicrosoftTeams\.schema\.json)$/i.exec(
    schemaUrl,
  );
  if (!match?.[1]) return undefined;
  const file = join(dirname(require.resolve('@microsoft/app-manifest')), match[1]);
  return existsSync(file) ? file : undefined;
}

/**
 * Validates a manifest against the JSON schema named by its `$schema`, using the copy bundled with
 * @microsoft/app-manifest (never the network).
 *
 * @returns the schema errors, or an empty array if the manifest is valid.
 */
export async function validateManifest(manifest: object): Promise<string[]> {
  const schemaUrl = (manifest as { $schema?: unknown }).$schema;
  if (typeof schemaUrl !== 'string') return ['/$schema is missing: the manifest must name its schema.'];
  const schemaFile = bundledSchemaPath(schemaUrl);
  if (!schemaFile) return [`/$schema ${schemaUrl} is not bundled with @microsoft/app-manifest and cannot be checked offline.`];
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  return AppManifestUtils.validateAgainstSchema(manifest as AppManifest, schema);
}

/**
 * Builds and validates the manifest, then writes the app package (manifest.json, color.png and
 * outline.png at the zip root) to `outFile`.
 *
 * @returns the absolute path of the written zip.
 * @throws if the manifest does not validate; the message lists the schema errors.
 */
export async function writeAppPackage(opts: ManifestOptions & { outFile: string }): Promise<string> {
  const { outFile, ...manifestOptions } = opts;
  const manifest = buildManifest(manifestOptions);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`The manifest is invalid:\n${errors.join('\n')}`);

  const manifestDir = join(projectRoot(), 'manifest');
  const zip = zipSync({
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': readFileSync(join(manifestDir, 'color.png')),
    'outline.png': readFileSync(join(manifestDir, 'outline.png')),
  });
  const target = resolve(outFile);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, zip);
  return target;
}

async function main(): Promise<void> {
  const root = projectRoot();
  loadDotenv({ path: join(root, '.env'), quiet: true });
  // BOT_ID is the Agents Toolkit's name for it (env/.env.<environment>, m365agents.yml).
  const botId = (process.env.MicrosoftAppId || process.env.BOT_ID)?.trim();
  if (!botId || !GUID.test(botId)) {
    console.error(
      'MicrosoftAppId is missing or not a GUID: set the bot’s app id in the environment or in .env to build the app package.',
    );
    process.exit(1);
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  if (!process.env.BOT_DOMAIN?.trim()) {
    console.warn('BOT_DOMAIN is not set: the package has the bot but not the Statistik tab, which is served from the bot’s host.');
  }
  const file = await writeAppPackage({
    botId,
    appVersion: version,
    botDomain: process.env.BOT_DOMAIN,
    developerUrl: process.env.DEVELOPER_URL || undefined,
    tabSso: { clientId: process.env.TAB_SSO_CLIENT_ID, appIdUri: process.env.TAB_SSO_APP_ID_URI },
    outFile: join(root, 'build', 'appPackage.zip'),
  });
  console.log(file);
}

if (typeof require !== 'undefined' && require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
