import { describe, expect, it, vi } from 'vitest';
import { findSecrets, looksRandom, redactSecrets, SECRET_RULES, shannonEntropy } from '../../../src-main/engine/redaction';

// Every "secret" below is assembled at run time from a seeded generator, so this file holds no
// string that looks like a real credential, and every run sees the same samples.
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(0x5eed);
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const HEX = '0123456789abcdef';
const BASE32 = UPPER + '234567';
const gen = (alphabet: string, n: number): string =>
  Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
/** Random but guaranteed to mix classes (a real key is never one long word). */
const mixed = (alphabet: string, n: number): string => {
  for (;;) {
    const s = gen(alphabet, n);
    if (/[0-9]/.test(s) && /[A-Za-z]/.test(s)) return s;
  }
};
const b64url = (value: string): string => Buffer.from(value).toString('base64url');
const uuid = (): string => `${gen(HEX, 8)}-${gen(HEX, 4)}-4${gen(HEX, 3)}-a${gen(HEX, 3)}-${gen(HEX, 12)}`;
const pemBody = (lines: number): string => Array.from({ length: lines }, () => gen(B64, 64)).join('\n');
const jwt = (): string =>
  `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${gen(DIGITS, 10)}","name":"Dev","iat":1716239022}`)}.${gen(B64URL, 43)}`;

interface Case {
  kind: string;
  secret: string;
  /** The surrounding text; `$` marks where the secret goes. */
  around: string;
}

const c = (kind: string, secret: string, around: string): Case => ({ kind, secret, around });

const POSITIVE: Case[] = [
  // AI providers
  c('anthropic-api-key', `sk-ant-api03-${mixed(B64URL, 93)}AA`, '```bash\nexport ANTHROPIC_API_KEY=$\nmemsync serve\n```'),
  c('anthropic-api-key', `sk-ant-api03-${mixed(B64URL, 93)}AA`, 'Authorization: Bearer $'),
  c('anthropic-admin-key', `sk-ant-admin01-${mixed(B64URL, 93)}AA`, 'The admin key `$` was rotated on Monday.'),
  c('anthropic-oauth-token', `sk-ant-oat01-${mixed(B64URL, 95)}`, '{"claudeAiOauth":{"accessToken":"$","expiresAt":1750000000000}}'),
  c('openai-api-key', `sk-proj-${mixed(B64URL, 156)}`, 'client = OpenAI(api_key="$")'),
  c('openai-api-key', `sk-svcacct-${mixed(B64URL, 120)}`, '- service account key: $'),
  c('openai-api-key', `sk-${mixed(ALNUM, 20)}T3BlbkFJ${mixed(ALNUM, 20)}`, 'old key $ (revoked?)'),
  c('openrouter-api-key', `sk-or-v1-${gen(HEX, 64)}`, 'OPENROUTER_API_KEY="$"'),
  c('groq-api-key', `gsk_${mixed(ALNUM, 52)}`, 'groq: $\n'),
  c('xai-api-key', `xai-${mixed(ALNUM, 80)}`, 'XAI_API_KEY=$'),
  c('perplexity-api-key', `pplx-${mixed(ALNUM, 48)}`, 'Using $ for search.'),
  c('replicate-api-token', `r8_${mixed(ALNUM, 37)}`, 'REPLICATE_API_TOKEN=$ replicate run'),
  c('huggingface-token', `hf_${mixed(ALNUM, 34)}`, '`huggingface-cli login --token $`'),
  c('langsmith-api-key', `lsv2_pt_${gen(HEX, 32)}_${gen(HEX, 10)}`, 'LANGCHAIN_API_KEY=$'),
  c('pinecone-api-key', `pcsk_${mixed(ALNUM, 6)}_${mixed(ALNUM, 60)}`, 'pc = Pinecone(api_key="$")'),
  c('composio-api-key', `ak_${mixed(ALNUM, 24)}`, 'composio key $ in .env'),
  // Cloud
  c('aws-access-key-id', `AKIA${gen(BASE32, 16)}`, '[default]\naws_access_key_id = $\nregion = eu-west-1'),
  c('aws-access-key-id', `ASIA${gen(BASE32, 16)}`, '{"Credentials": {"AccessKeyId": "$"}}'),
  c('aws-secret-access-key', mixed(B64, 40), '[default]\naws_secret_access_key = $\n'),
  c('aws-secret-access-key', mixed(B64, 40), '"SecretAccessKey": "$",'),
  c('aws-session-token', `IQoJb3JpZ2luX2VjE${mixed(B64, 300)}`, 'AWS_SESSION_TOKEN=$'),
  c('google-api-key', `AIza${mixed(B64URL, 35)}`, 'const maps = new Loader({ apiKey: "$" });'),
  c('google-oauth-client-secret', `GOCSPX-${mixed(B64URL, 28)}`, '"client_secret":"$",'),
  c('google-oauth-token', `ya29.${mixed(B64URL, 150)}`, 'gcloud printed $ for the call'),
  c('azure-storage-account-key', `${mixed(B64, 86)}==`,
    'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=$;EndpointSuffix=core.windows.net'),
  c('azure-shared-access-key', `${mixed(B64, 43)}=`,
    'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=$'),
  c('azure-sas-token', `${mixed(ALNUM, 42)}%3D`,
    'GET https://acme.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&se=2025-01-01T00:00:00Z&sig=$ HTTP/1.1'),
  c('azure-ad-client-secret', `${mixed(ALNUM, 3)}8Q~${mixed(ALNUM + '_~.-', 34)}`, 'AZURE_CLIENT_SECRET=$'),
  c('digitalocean-token', `dop_v1_${gen(HEX, 64)}`, 'doctl auth init -t $'),
  c('heroku-api-key', `HRKU-AA${mixed(B64URL, 58)}`, 'heroku token: $'),
  c('heroku-api-key', uuid(), 'HEROKU_API_KEY=$'),
  c('databricks-token', `dapi${gen(HEX, 32)}`, 'DATABRICKS_TOKEN=$ databricks fs ls'),
  c('flyio-token', `fo1_${mixed(B64URL, 43)}`, 'FLY_API_TOKEN=$'),
  c('terraform-cloud-token', `${mixed(ALNUM, 14)}.atlasv1.${mixed(B64URL, 67)}`, 'credentials "app.terraform.io" { token = "$" }'),
  c('pulumi-token', `pul-${gen(HEX, 40)}`, 'PULUMI_ACCESS_TOKEN=$'),
  c('supabase-token', `sbp_${gen(HEX, 40)}`, 'supabase login --token $'),
  c('vault-token', `hvs.${mixed(B64URL, 90)}`, 'VAULT_TOKEN=$ vault kv get secret/app'),
  c('doppler-token', `dp.pt.${mixed(ALNUM, 43)}`, 'doppler configure set token $'),
  c('onepassword-service-account-token', `ops_${b64url(`{"signInAddress":"my.1password.com","userAuth":"${gen(ALNUM, 40)}"}`)}`, 'OP_SERVICE_ACCOUNT_TOKEN=$'),
  c('tailscale-key', `tskey-auth-${mixed(ALNUM, 12)}-${mixed(ALNUM, 32)}`, 'tailscale up --authkey=$'),
  c('netlify-token', `nfp_${mixed(ALNUM, 36)}`, 'NETLIFY_AUTH_TOKEN=$'),
  c('render-api-key', `rnd_${mixed(ALNUM, 32)}`, 'render key $.'),
  c('grafana-token', `glsa_${mixed(ALNUM, 32)}_${gen(HEX, 8)}`, 'grafana sa token $'),
  c('new-relic-api-key', `NRAK-${gen(UPPER + DIGITS, 27)}`, 'NEW_RELIC_API_KEY=$'),
  c('sentry-token', `sntrys_${b64url(`{"iat":1716239022,"url":"https://sentry.io","org":"acme","k":"${gen(ALNUM, 20)}"}`)}_${mixed(B64URL, 43)}`, 'SENTRY_AUTH_TOKEN=$'),
  // Code hosting and registries
  c('github-token', `ghp_${mixed(ALNUM, 36)}`, 'git remote set-url origin https://$@github.com/acme/app.git'),
  c('github-token', `ghs_${mixed(ALNUM, 36)}`, '| token | $ |'),
  c('github-token', `gho_${mixed(ALNUM, 36)}`, 'oauth: $'),
  c('github-fine-grained-pat', `github_pat_${mixed(ALNUM, 22)}_${mixed(ALNUM, 59)}`, 'gh auth login --with-token <<< $'),
  c('gitlab-token', `glpat-${mixed(B64URL, 20)}`, 'git clone https://oauth2:$@gitlab.com/group/project.git'),
  c('gitlab-token', `gldt-${mixed(B64URL, 20)}`, 'deploy token $ for the registry'),
  c('gitlab-runner-token', `glrt-${mixed(B64URL, 20)}`, 'gitlab-runner register --token $'),
  c('npm-token', `npm_${mixed(ALNUM, 36)}`, '//registry.npmjs.org/:_authToken=$\n'),
  c('pypi-token', `pypi-AgEIcHlwaS5vcmc${mixed(B64URL, 150)}`, '[pypi]\n  username = __token__\n  password = $\n'),
  c('docker-hub-token', `dckr_pat_${mixed(B64URL, 27)}`, 'echo $ | docker login -u acme --password-stdin'),
  c('atlassian-api-token', `ATATT3xFfGF0${mixed(B64URL, 170)}`, 'JIRA_API_TOKEN=$'),
  c('linear-api-key', `lin_api_${mixed(ALNUM, 40)}`, 'linear key: $'),
  c('notion-token', `ntn_${mixed(ALNUM, 46)}`, 'NOTION_TOKEN=$'),
  c('figma-token', `figd_${mixed(B64URL, 40)}`, 'X-Figma-Token: $'),
  c('airtable-token', `pat${mixed(ALNUM, 14)}.${gen(HEX, 64)}`, 'airtable $ works'),
  c('postman-api-key', `PMAK-${gen(HEX, 24)}-${gen(HEX, 34)}`, 'postman: $'),
  // Messaging and commerce
  c('slack-token', `xoxb-${gen(DIGITS, 12)}-${gen(DIGITS, 13)}-${mixed(ALNUM, 24)}`, 'SLACK_BOT_TOKEN=$'),
  c('slack-token', `xoxp-${gen(DIGITS, 12)}-${gen(DIGITS, 12)}-${gen(DIGITS, 13)}-${gen(HEX, 32)}`, 'user token $ (do not share)'),
  c('slack-app-token', `xapp-1-A${gen(UPPER + DIGITS, 10)}-${gen(DIGITS, 13)}-${gen(HEX, 64)}`, 'SLACK_APP_TOKEN=$'),
  c('slack-webhook-url', `T${gen(UPPER + DIGITS, 8)}/B${gen(UPPER + DIGITS, 10)}/${mixed(ALNUM, 24)}`, 'curl -X POST https://hooks.slack.com/services/$ -d @msg.json'),
  c('discord-webhook-url', mixed(B64URL, 68), 'https://discord.com/api/webhooks/123456789012345678/$'),
  c('discord-bot-token', `MTA${mixed(ALNUM, 23)}.${mixed(B64URL, 6)}.${mixed(B64URL, 38)}`, 'bot.run("$")'),
  c('telegram-bot-token', `7${gen(DIGITS, 9)}:AA${mixed(B64URL, 33)}`, 'https://api.telegram.org/bot$/getMe'),
  c('teams-webhook-url', `${uuid()}@${uuid()}/IncomingWebhook/${gen(HEX, 32)}/${uuid()}`, 'https://acme.webhook.office.com/webhookb2/$'),
  c('twilio-api-key', `SK${gen(HEX, 32)}`, 'TWILIO_API_KEY=$'),
  c('twilio-account-sid', `AC${gen(HEX, 32)}`, 'account $ sends the SMS'),
  c('sendgrid-api-key', `SG.${mixed(B64URL, 22)}.${mixed(B64URL, 43)}`, "sg = SendGridAPIClient('$')"),
  c('mailgun-api-key', `key-${gen(HEX, 32)}`, 'mailgun $'),
  c('mailchimp-api-key', `${gen(HEX, 32)}-us21`, 'mailchimp key $'),
  c('stripe-secret-key', `sk_live_51${mixed(ALNUM, 97)}`, 'const stripe = new Stripe("$");'),
  c('stripe-secret-key', `sk_test_51${mixed(ALNUM, 97)}`, 'STRIPE_SECRET_KEY=$'),
  c('stripe-restricted-key', `rk_live_51${mixed(ALNUM, 97)}`, 'restricted: $'),
  c('stripe-webhook-secret', `whsec_${mixed(ALNUM, 32)}`, 'STRIPE_WEBHOOK_SECRET=$'),
  c('square-token', `sq0atp-${mixed(B64URL, 22)}`, 'square $'),
  c('shopify-token', `shpat_${gen(HEX, 32)}`, 'X-Shopify-Access-Token: $'),
  c('resend-api-key', `re_${mixed(ALNUM, 8)}_${mixed(ALNUM, 24)}`, 'new Resend("$")'),
  c('mapbox-secret-token', `sk.eyJ1Ijoi${mixed(B64URL, 40)}.${mixed(B64URL, 22)}`, 'MAPBOX_TOKEN=$'),
  // Structural
  c('age-secret-key', `AGE-SECRET-KEY-1${gen('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`, '# created: 2024-05-01\n$\n'),
  c('private-key', `-----BEGIN RSA PRIVATE KEY-----\n${pemBody(6)}\n-----END RSA PRIVATE KEY-----`, '```\n$\n```\nThat is the deploy key.'),
  c('private-key', `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody(5)}\n-----END OPENSSH PRIVATE KEY-----`, 'cat ~/.ssh/id_ed25519\n$\n'),
  c('private-key', `-----BEGIN EC PRIVATE KEY-----\n${pemBody(3)}\n-----END EC PRIVATE KEY-----`, '> $\n> end'),
  c('private-key', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${pemBody(4)}\n=${gen(B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`, '$'),
  // Inside JSON the assignment's value (with its trailing `\n`) and the key block overlap: one span, named by the specific rule.
  c('private-key', `-----BEGIN PRIVATE KEY-----\\n${pemBody(3).replace(/\n/g, '\\n')}\\n-----END PRIVATE KEY-----\\n`, '{"type":"service_account","private_key":"$","client_email":"x@y.iam.gserviceaccount.com"}'),
  c('private-key', `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${pemBody(2)}\n${gen(B64, 20)}`, 'pasted (truncated): $'),
  c('jwt', jwt(), 'Cookie-less call with token=$ in the log line'),
  c('jwt', jwt(), '| id_token | $ |'),
  c('password-in-url', `Tr0ub4dor-${mixed(ALNUM, 6)}`, 'DATABASE_URL=postgres://app_user:$@db.internal:5432/prod'),
  c('password-in-url', mixed(ALNUM, 16), 'redis://:$@cache.internal:6379/0'),
  c('password-in-url', `p%40ss${mixed(ALNUM, 6)}`, 'mongodb+srv://admin:$@cluster0.abcde.mongodb.net/app?retryWrites=true'),
  c('cli-user-password', `pa55-${mixed(ALNUM, 8)}`, 'curl -s -u admin:$ https://api.example.com/v1/items'),
  c('mysql-password-flag', `S3cret-${mixed(ALNUM, 6)}`, 'mysql -h db -u root -p$ app < dump.sql'),
  c('netrc-password', `n3trc-${mixed(ALNUM, 10)}`, 'machine api.example.com\n  login bob\n  password $\n'),
  c('authorization-header', mixed(ALNUM, 40), 'curl -H "Authorization: Bearer $" https://api.example.com'),
  c('authorization-header', Buffer.from(`bob:${mixed(ALNUM, 12)}`).toString('base64'), 'Authorization: Basic $\r\nHost: x'),
  c('authorization-header', `Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request, Signature=${gen(HEX, 64)}`, 'Authorization: AWS4-HMAC-SHA256 $\n'),
  c('bearer-token', mixed(ALNUM + '._-', 28), 'Send it as Bearer $ to the API.'),
  c('cookie', `session=${mixed(ALNUM, 20)}; theme=dark`, "curl -H 'Cookie: $' https://app.example.com"),
  c('xml-secret', `S3tt1ngs-${mixed(ALNUM, 8)}`, '<server>\n  <id>nexus</id>\n  <password>$</password>\n</server>'),
  c('secret-cli-flag', `c0ffee-${mixed(ALNUM, 10)}`, 'mytool deploy --api-key $ --region eu'),
  c('secret-assignment', 'hunter2!Summer', 'DB_PASSWORD=$\nDB_USER=app'),
  c('secret-assignment', 'correct-horse-42', 'database:\n  password: $\n  port: 5432'),
  c('secret-assignment', `s3cr3t_${mixed(ALNUM, 8)}`, '{"client_secret": "$", "client_id": "abc"}'),
  c('secret-assignment', 'Winter2024!', '[db]\npasswd = $ ; rotated'),
  c('secret-assignment', 'Pa55w0rd', 'Server=db;User Id=sa;Password=$;Encrypt=true'),
  c('secret-assignment', `dj-${mixed(ALNUM, 20)}`, "SECRET_KEY = '$'"),
  c('secret-assignment', `tok${mixed(ALNUM, 12)}`, 'GET /export?format=csv&access_token=$&page=2'),
  c('secret-assignment', 'hunter2', 'password: str = "$"'),
  c('secret-assignment', 'letmein99', '{\\"password\\":\\"$\\"}'),
  // Written down the way people write them
  c('password-in-prose', `Gr33n-${mixed(ALNUM, 6)}`, 'The wifi password is $ (guest network).'),
  c('password-in-prose', `N4s-${mixed(ALNUM, 8)}`, '- the password for the NAS is $'),
  c('password-in-prose', 'correct horse battery staple', 'My passphrase is $.'),
  c('password-in-prose', mixed(ALNUM, 10), 'pw is $'),
  c('password-in-prose', `Tr0ub4dor-${mixed(ALNUM, 4)}`, 'The router password was changed to $ yesterday.'),
  c('pgpass-line', `Pg-${mixed(ALNUM, 10)}`, '~/.pgpass:\n```\ndb.internal:5432:app:ana:$\n```'),
  c('sshpass-password', `Ssh-${mixed(ALNUM, 8)}`, "sshpass -p '$' ssh deploy@build01"),
  c('wifi-qr-password', `Qr-${mixed(ALNUM, 10)}`, 'WIFI:T:WPA;S:HomeNet;P:$;;'),
  c('wpa-passphrase-command', 'my garden gnome 42', 'wpa_passphrase HomeNet "$" >> /etc/wpa_supplicant.conf'),
  c('secret-assignment', mixed(ALNUM, 12), 'network={\n  ssid="HomeNet"\n  psk="$"\n}'),
  c('secret-assignment', mixed(ALNUM, 10), 'admin panel pw: $'),
  c('recovery-codes', `${mixed(HEX, 5)}-${mixed(HEX, 5)} ${mixed(HEX, 5)}-${mixed(HEX, 5)}`, 'GitHub recovery codes: $\nKeep them safe.'),
  c('recovery-codes', `${mixed(HEX, 5)}-${mixed(HEX, 5)}\n- ${mixed(HEX, 5)}-${mixed(HEX, 5)}`, 'Backup codes:\n- $\n\nThat is all.'),
  c('split-token', `ghp_${mixed(ALNUM, 20)}\n${mixed(ALNUM, 16)}`, 'token (wrapped by the terminal):\n$\nend'),
  c('high-entropy', mixed(ALNUM, 40), 'The deploy hook secret is $ and it expires soon.'),
  c('high-entropy', mixed(B64, 60), 'blob: $'),
  c('high-entropy', gen(HEX, 64), 'webhook signing value $ (unlabelled 64-hex is redacted)'),
];

const place = (around: string, value: string): string => around.replace('$', () => value);

describe('redactSecrets: positive corpus', () => {
  it.each(POSITIVE.map((k, i) => [`${i} ${k.kind}`, k] as const))('%s', (_name, k) => {
    const text = place(k.around, k.secret);
    const result = redactSecrets(text);
    expect(result.text).not.toContain(k.secret);
    // Exactly the secret is replaced, with the right kind; every other byte is kept.
    expect(result.text).toBe(place(k.around, `[REDACTED:${k.kind}]`));
    expect(result.redacted).toBe(true);
    expect(result.findings).toEqual([{ kind: k.kind, start: text.indexOf(k.secret), end: text.indexOf(k.secret) + k.secret.length }]);
    expect(findSecrets(result.text)).toEqual([]);
  });

  it('covers at least 40 kinds, and every rule in the table has a sample', () => {
    const kinds = new Set(POSITIVE.map((k) => k.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(40);
    expect(SECRET_RULES.map((r) => r.kind).filter((kind) => !kinds.has(kind))).toEqual([]);
  });
});

const NEGATIVE: readonly string[] = [
  // Ordinary prose and markdown
  'We took a risk-based approach: ask-and-tell, task-specific prompts, and a desk-top check.',
  '# Notes\n\n- Refactored the **token budget** logic.\n- Secrets are stored in the OS keychain.\n- Next: ship it.',
  'password: see the wiki',
  'Password: ask Jane for it',
  'Token: the API token from the dashboard',
  'secret: we never store it in plain text',
  '## Secret management\n\nThe token is rotated weekly; the password policy requires 12 characters.',
  '| Setting | Type | Description |\n|---|---|---|\n| api_key | string | Your Anthropic API key |\n| max_tokens | number | 4096 |',
  '| Option | Default |\n| --- | --- |\n| `password` | _(none)_ |\n| `token_ttl` | 3600 |',
  'Use Bearer authentication; the Set-Cookie: header must carry SameSite.',
  'Authorization: Bearer header is required (see RFC 6750).',
  // Hashes and ids
  'commit 3ffac0927f708de329763083b54266947851d4b4\nAuthor: Dev <dev@example.com>\n\n    fix: redact before send',
  'Merged 1a2b3c4 and 9f8e7d6; see a94a8fe5ccb19ba61c4c0873d391e987982fbbd3.',
  'request 550e8400-e29b-41d4-a716-446655440000 took 120 ms',
  `{"ts":"2025-01-01T00:00:00Z","model":"claude-sonnet-4-5","input_tokens":1234,"output_tokens":567,"sha256":"${gen(HEX, 64)}"}`,
  `memory hash sha256:${gen(HEX, 64)} (base ${'contentHash'}: ${gen(HEX, 64)})`,
  `${gen(HEX, 64)}  GLOBAL_MEMORY.md`,
  `"integrity": "sha512-${gen(B64, 86)}=="`,
  `image: node@sha256:${gen(HEX, 64)}`,
  `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${gen(B64, 43)} dev@laptop`,
  // URLs without passwords, paths, identifiers
  'https://github.com/anthropics/anthropic-sdk-typescript/commit/3ffac0927f708de329763083b54266947851d4b4',
  'https://docs.example.com/guides/getting-started?utm_source=memsync&utm_medium=app#install',
  'git clone ssh://git@github.com:22/owner/repo.git && git clone git@github.com:owner/repo.git',
  'http://localhost:5173/ and postgres://localhost:5432/app and http://127.0.0.1:8080/api/status',
  'mail bob@example.com or ops+alerts@example.org',
  'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
  '/home/dev/projects/memsync-desktop/src-main/engine/redaction/redact.ts',
  'node_modules/@anthropic-ai/sdk/resources/beta/messages/messages.d.ts',
  'C:\\Users\\dev\\AppData\\Roaming\\memsync\\settings.json',
  'BetaManagedAgentsThreadLimitWorkflowRunErrorObject extends ERR_HTTP_CONTENT_LENGTH_MISMATCH',
  'anthropic-beta: fine-grained-tool-streaming-2025-05-14,interleaved-thinking-2025-05-14',
  'const maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING = 8;',
  '--------------------------------------------------\n__________________________________________________',
  // Long but not random: a short pattern repeated (rulers, fixtures) sits far below the entropy line.
  `fixture id ${'Qx7Lp2Zk9M'.repeat(4)} in the test data`,
  // Code that names secrets without holding one
  'function login(password: string, token?: string): Promise<void> {}',
  'const token = await getToken();\nconst secret = config.auth.secret;',
  'client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])',
  'const apiKey = process.env.ANTHROPIC_API_KEY;',
  'password=${DB_PASSWORD}\napi_key: ${{ secrets.API_KEY }}\ntoken: "{{ vault_token }}"',
  'headers: { Authorization: `Bearer ${token}` }',
  '"Authorization": "Bearer " + token,',
  'password = "<your-password>"\nAPI_KEY=your_api_key_here\nsecret: "********"',
  'max_tokens: 4096\ntoken_count = 1234\ntokenizer: cl100k_base\npassword_min_length: 12',
  'if (token === expected) return; if (password != null) check(password);',
  'PWD=/home/dev/project\nssh_key: ~/.ssh/id_ed25519\nsecrets: inherit',
  'echo "$TOKEN" | docker login -u acme --password-stdin',
  'mysql -u root -p app',
  'docker run -p 8080:80 -u 1000:1000 nginx',
  'Already redacted: [REDACTED:anthropic-api-key] and password=[REDACTED:secret-assignment].',
  // Prose about passwords, codes and tools, holding none
  'The password is stored in 1Password; ask me.',
  'Password is required for sudo on the build box.',
  'My password manager is Bitwarden.',
  'The passphrase is kept in the keychain.',
  'The wifi password was changed yesterday.',
  'Passwords are rotated every 90 days.',
  'pw is below',
  'The password is expired, reset it via the admin page.',
  'psk: see the router label',
  'Recovery codes: printed and stored in the safe.',
  'Backup codes are in the drawer.',
  'Use sshpass only in CI, never on laptops.',
  'sshpass -e ssh -p 2222 deploy@build01',
  'The WIFI: network is HomeNet',
  'Meeting 10:30:00, build 12:30:45',
  'pip install sk-learn-tutorial\ninstallation takes a minute',
  'ghp_ tokens are rotated\nmonthly by the platform team',
  '- Prefers pnpm; passwords go in 1Password, never in .env files.\n- The NAS password is in Bitwarden.\n- Wi-Fi key is on the router sticker.',
  '- Password for the staging box: ask Ops.\n- The PIN is printed on the card.\n- Two-factor: backup codes are in the safe.',
  '- Recovery code flow: see docs/recovery.md\n- 2FA codes: from the authenticator app',
  'Already redacted: ⟦kept-secret-1⟧ stays as it is, password: ⟦kept-secret-2⟧.',
];

describe('redactSecrets: negative corpus', () => {
  it.each(NEGATIVE.map((text, i) => [i, text] as const))('leaves #%i alone', (_i, text) => {
    const result = redactSecrets(text);
    expect(result.findings).toEqual([]);
    expect(result.text).toBe(text);
    expect(result.redacted).toBe(false);
  });
});

describe('redactSecrets: engine guarantees', () => {
  const document = [
    '# Session 2025-01-01',
    ...POSITIVE.map((k) => place(k.around, k.secret)),
    ...NEGATIVE,
  ].join('\n\n');

  it('is idempotent and leaves nothing for the last check, on the whole corpus at once', () => {
    const once = redactSecrets(document);
    expect(once.findings.length).toBeGreaterThanOrEqual(POSITIVE.length);
    for (const k of POSITIVE) expect(once.text).not.toContain(k.secret);
    for (const n of NEGATIVE) expect(once.text).toContain(n);
    expect(redactSecrets(once.text).text).toBe(once.text);
    expect(findSecrets(once.text)).toEqual([]);
  });

  it('reports sorted, non-overlapping findings in original coordinates', () => {
    const ghp = `ghp_${mixed(ALNUM, 36)}`;
    const aws = `AKIA${gen(BASE32, 16)}`;
    const text = `first ${ghp}, then\n  password: "hunter2!"\nand ${aws}.`;
    const { findings } = redactSecrets(text);
    expect(findings).toEqual([
      { kind: 'github-token', start: text.indexOf(ghp), end: text.indexOf(ghp) + ghp.length },
      { kind: 'secret-assignment', start: text.indexOf('hunter2!'), end: text.indexOf('hunter2!') + 8 },
      { kind: 'aws-access-key-id', start: text.indexOf(aws), end: text.indexOf(aws) + aws.length },
    ]);
    expect(findSecrets(text)).toEqual(findings);
  });

  it('merges overlapping findings into one marker, never leaving part of a secret', () => {
    const token = jwt();
    const text = `Cookie: session=${token}; theme=dark\nnext line`;
    const result = redactSecrets(text);
    // The cookie value and the JWT inside it overlap: one span over both, named by the specific rule.
    expect(result.text).toBe('Cookie: [REDACTED:jwt]\nnext line');
    expect(result.findings).toHaveLength(1);
  });

  it('keeps scheme, user and host of a URL and hides only the password', () => {
    const pass = `Zq${mixed(ALNUM, 12)}`;
    expect(redactSecrets(`amqp://guest:${pass}@mq.internal:5672/vhost`).text).toBe(
      'amqp://guest:[REDACTED:password-in-url]@mq.internal:5672/vhost',
    );
  });

  it('keeps markdown structure byte-identical around redactions', () => {
    const key = `sk-ant-api03-${mixed(B64URL, 93)}AA`;
    const md = `> **Note**\r\n> key: \`${key}\`\r\n\r\n1. one\r\n2. two\t\u00e9\u{1F600}\n`;
    expect(redactSecrets(md).text).toBe(md.replace(key, '[REDACTED:anthropic-api-key]'));
  });

  it('redacts a 64-hex value unless it is labelled as a digest', () => {
    const hex = gen(HEX, 64);
    expect(redactSecrets(`signing value ${hex}`).text).toBe('signing value [REDACTED:high-entropy]');
    expect(redactSecrets(`digest sha256:${hex}`).text).toBe(`digest sha256:${hex}`);
    expect(redactSecrets(`{"baseHash":"${hex}"}`).text).toBe(`{"baseHash":"${hex}"}`);
  });

  it('never throws and fails closed on odd input', () => {
    const odd = ['', '\uD800', 'a\uDFFFb\uD83D', '\u0000\u0001\u0002'.repeat(1000), 'x'.repeat(10) + '\uD800'.repeat(50)];
    for (const text of odd) {
      expect(() => redactSecrets(text)).not.toThrow();
      expect(redactSecrets(text).text).toBe(text);
    }
    const binary = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    expect(() => findSecrets(binary)).not.toThrow();
    // A caller that passes a non-string (JavaScript, untyped JSON) still gets an answer.
    expect(redactSecrets(undefined as unknown as string)).toEqual({ text: '', findings: [], redacted: false });
    expect(redactSecrets(42 as unknown as string).text).toBe('42');
  });

  it('stays idempotent when secrets, markers and punctuation are glued together at random', () => {
    const pieces = [
      'sk-ant-api03-', 'ghp_', 'AKIA', 'password=', 'token: ', '"secret": "', 'https://u:', '@host', '\n',
      '-----BEGIN PRIVATE KEY-----\n', '-----END PRIVATE KEY-----', b64url('{"alg":"none"}'), '.', 'Bearer ',
      'Authorization: ', 'Cookie: a=', '[REDACTED:jwt]', '[REDACTED:', ']', ' ', '/', '=', ':', '"', '\\n',
      'sha256:', 'xoxb-', '`', ')', '<password>', '</password>', '--api-key ', 'curl -u a:', '&sig=', '?token=',
    ];
    for (let i = 0; i < 400; i++) {
      const parts = Array.from({ length: 1 + Math.floor(rnd() * 10) }, () =>
        rnd() < 0.35 ? gen(B64 + '-_', 1 + Math.floor(rnd() * 60)) : (pieces[Math.floor(rnd() * pieces.length)] ?? ''),
      );
      const text = parts.join('');
      const once = redactSecrets(text);
      expect(redactSecrets(once.text).text, text).toBe(once.text);
      expect(findSecrets(once.text), text).toEqual([]);
      // The findings describe the output exactly.
      let rebuilt = '';
      let pos = 0;
      for (const f of once.findings) {
        expect(f.start).toBeGreaterThanOrEqual(pos);
        rebuilt += `${text.slice(pos, f.start)}[REDACTED:${f.kind}]`;
        pos = f.end;
      }
      expect(rebuilt + text.slice(pos)).toBe(once.text);
    }
  });

  it('fails closed: an internal error redacts everything instead of throwing', () => {
    const spy = vi.spyOn(String.prototype, 'toLowerCase').mockImplementation(() => {
      throw new Error('boom');
    });
    let result: ReturnType<typeof redactSecrets>;
    let found: ReturnType<typeof findSecrets>;
    try {
      result = redactSecrets('harmless text');
      found = findSecrets('harmless text');
    } finally {
      spy.mockRestore();
    }
    expect(result).toEqual({ text: '[REDACTED:unredactable]', findings: [{ kind: 'unredactable', start: 0, end: 13 }], redacted: true });
    expect(found).toHaveLength(1);
  });

  it('handles adversarial inputs in linear time: 4x the input costs about 4x, not 16x or worse', () => {
    // Compared as a ratio within one run (the fastest of three tries of each size), never against
    // a wall-clock bound: a loaded machine made "2189 ms < 2000 ms" fail a correct run. Catastrophic
    // backtracking is quadratic or worse, so it shows as a ratio of 16 and more.
    const SIZE = 1 << 16;
    const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
    const inputs = [
      'a'.repeat(SIZE),
      fill('aB3+/x9Z'),
      fill('x'.repeat(40) + '/'),
      fill('-----BEGIN RSA PRIVATE KEY-----\n'),
      fill('"password": "'),
      fill('https://a:'),
      fill('eyJabcdefghij.'),
      fill('curl -u a:'),
      fill('secret                              :'),
      fill(')'),
      `password=${fill(')')}`,
      fill('[REDACTED:jwt]'),
      fill('\uD800a\uDFFF'),
    ];
    const fastest = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        redactSecrets(text);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    for (const text of inputs) {
      const bigger = text.repeat(4);
      // A floor of 2 ms keeps a near-zero small run from turning noise into a large ratio.
      const ratio = fastest(bigger) / Math.max(fastest(text), 2);
      expect(ratio, JSON.stringify(text.slice(0, 40))).toBeLessThan(10);
      expect(findSecrets(redactSecrets(bigger).text)).toEqual([]);
    }
  });
});

describe('high-entropy threshold', () => {
  it('flags random tokens of 32+ characters and spares long identifiers', () => {
    let flagged = 0;
    const total = 300;
    for (let i = 0; i < total; i++) {
      const alphabet = [B64, B64URL, ALNUM][i % 3] ?? ALNUM;
      if (looksRandom(gen(alphabet, 32 + (i % 40)))) flagged++;
    }
    expect(flagged / total).toBeGreaterThanOrEqual(0.98);
    for (const word of [
      'BetaManagedAgentsSkillNotFoundDeploymentPausedReasonErrorObject',
      'NSTemporaryExceptionAllowsInsecureHTTPSLoads',
      'migrate-from-files-api-2025-04-14',
      'getParsedConfigFileFromTSServer_js_1',
      'SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION',
      'thisIsAVeryLongCamelCaseIdentifierName',
      'Qx7Lp2Zk9M'.repeat(4), // 3.3 bits/char where 40 random characters give ~4.9
    ]) {
      expect(looksRandom(word), word).toBe(false);
    }
  });

  it('computes Shannon entropy in bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBeCloseTo(1);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4);
  });
});

describe('SECRET_RULES', () => {
  it('is a well-formed table', () => {
    const kinds = SECRET_RULES.map((r) => r.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const r of SECRET_RULES) {
      expect(r.kind).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(r.description.length).toBeGreaterThan(5);
      expect(r.source.length).toBeGreaterThan(3);
      expect(r.pattern.flags).toContain('g');
      // A kind long enough to look like a token would make the marker itself a finding.
      expect(redactSecrets(`[REDACTED:${r.kind}]`).findings).toEqual([]);
    }
  });
});
