import { describe, expect, it } from 'vitest';
import { inputWarnings, isComplete, REQUIRED_INPUTS, resolveReviewInputs, type ReviewLayer } from '../../src/core/review/inputs.js';
import { settingProblem } from '../../src/settings/schema.js';
import { reachabilityWarnings, webClientUrlFromHost } from '../../src/core/review/urls.js';

const full: ReviewLayer = {
  company: 'Contoso Ltd',
  pageName: 'Contoso Support',
  pbxHost: 'contoso.on3cx.com',
  extension: '901',
  password: 'Review-Pass-123',
};

describe('web client URL from --pbx-host', () => {
  it('builds the form the 3CX manual shows', () => {
    expect(webClientUrlFromHost('pbx.contoso.com')).toEqual({ url: 'https://pbx.contoso.com:5001/webclient' });
  });
  it('keeps a port given with the host', () => {
    expect(webClientUrlFromHost('pbx.contoso.com:443')).toEqual({ url: 'https://pbx.contoso.com/webclient' });
    expect(webClientUrlFromHost('pbx.contoso.com:5443')).toEqual({ url: 'https://pbx.contoso.com:5443/webclient' });
  });
  it.each(['https://pbx.contoso.com', 'pbx.contoso.com/webclient', 'user@pbx.contoso.com', 'bad host'])('refuses %j', (value) => {
    expect(webClientUrlFromHost(value)).toHaveProperty('problem');
  });
});

describe('resolving the inputs through the layers', () => {
  it('takes flags before env before graph before profile', () => {
    const layers: Parameters<typeof resolveReviewInputs>[0] = [
      ['flag', { company: 'Flag Co' }],
      // The password is never stored, so it cannot come from a profile.
      ['env', { company: 'Env Co', pageName: 'Env Page', password: 'Env-Pass-1' }],
      ['graph', { pageName: 'Graph Page' }],
      ['profile', { ...full, company: 'Profile Co', pageName: 'Profile Page' }],
    ];
    const resolved = resolveReviewInputs(layers);
    expect(resolved.values.company).toBe('Flag Co');
    expect(resolved.values.pageName).toBe('Env Page');
    expect(resolved.sources).toMatchObject({ company: 'flag', pageName: 'env', extension: 'profile', webClientUrl: 'profile', password: 'env' });
    expect(resolveReviewInputs([['profile', full]]).missing).toEqual(['password']);
    expect(resolved.missing).toEqual([]);
    expect(isComplete(resolved.values)).toBe(true);
  });

  it('treats the web client URL and the 3CX host as one setting: the first layer with either wins', () => {
    const fromFlagHost = resolveReviewInputs([
      ['flag', { pbxHost: 'flag.example.net' }],
      ['env', { webClientUrl: 'https://env.example.net/webclient' }],
    ]);
    expect(fromFlagHost.values.webClientUrl).toBe('https://flag.example.net:5001/webclient');
    const urlBeatsHost = resolveReviewInputs([['flag', { pbxHost: 'host.example.net', webClientUrl: 'https://url.example.net/wc' }]]);
    expect(urlBeatsHost.values.webClientUrl).toBe('https://url.example.net/wc');
  });

  it('trims pasted values and ignores blank ones', () => {
    const resolved = resolveReviewInputs([
      ['flag', { company: '  Contoso Ltd \n', pageName: '   ' }],
      ['env', { pageName: 'From Env' }],
    ]);
    expect(resolved.values.company).toBe('Contoso Ltd');
    expect(resolved.values.pageName).toBe('From Env');
  });

  it('lists every missing required value at once, in a stable order', () => {
    expect(resolveReviewInputs([['flag', {}]]).missing).toEqual([...REQUIRED_INPUTS]);
    expect(resolveReviewInputs([['flag', { company: 'A', extension: '1' }]]).missing).toEqual(['pageName', 'webClientUrl', 'password']);
  });

  it('reports unusable values with where they came from, and does not also call them missing', () => {
    const resolved = resolveReviewInputs([
      ['flag', { extension: 'ext 901', company: 'A {{b}}' }],
      ['env', { webClientUrl: 'ftp://pbx.example.net' }],
    ]);
    expect(resolved.problems).toEqual([
      'The company name from --company must not contain "{{" or "}}", got "A {{b}}".',
      'The 3CX web client URL from FB3CX_WEB_CLIENT_URL must start with https:// or http://, got "ftp://pbx.example.net".',
      'The test extension from --extension must be the extension number (digits only), got "ext 901".',
    ]);
    expect(resolved.missing).toEqual(['pageName', 'password']);
  });

  it('refuses double braces even in the password, so no text can show a placeholder', () => {
    expect(settingProblem('password', 'a{{b}}c', 'stdin')).toBe(`The test extension's password from standard input must not contain "{{" or "}}".`);
    expect(settingProblem('password', 'a{b}c')).toBeUndefined();
    expect(settingProblem('password', 'two\nlines')).toBeDefined();
  });
});

describe('warnings about URLs the reviewer must open', () => {
  it('says nothing about a public https host name', () => {
    expect(reachabilityWarnings('The web client URL', 'https://contoso.on3cx.com:5001/webclient')).toEqual([]);
  });

  it.each([
    ['http://contoso.on3cx.com/webclient', 'is not https'],
    ['https://203.0.113.7:5001/webclient', 'points at the IP address 203.0.113.7'],
    ['https://192.168.1.20:5001/webclient', 'private address 192.168.1.20'],
    ['https://10.0.0.5/webclient', 'private address'],
    ['https://[::1]:5001/webclient', 'private address ::1'],
    ['https://[2001:db8::1]/webclient', 'points at the IP address 2001:db8::1'],
    ['https://localhost:5001/webclient', 'looks like a local name'],
    ['https://pbx.local/webclient', 'looks like a local name'],
    ['https://pbx/webclient', 'looks like a local name'],
    ['https://pbx.corp/webclient', 'looks like a local name'],
    ['https://pbx.example.com:5001/webclient', 'reserved example name'],
    ['https://contoso.3cx.example/webclient', 'reserved example name'],
  ])('%s', (url, expected) => {
    const warnings = reachabilityWarnings('The web client URL', url);
    expect(warnings.join(' ')).toContain(expected);
  });

  it('warns twice for plain http to a private address', () => {
    expect(reachabilityWarnings('The web client URL', 'http://192.168.1.2/webclient')).toHaveLength(2);
  });

  it('covers the privacy policy URL only when there is one', () => {
    expect(inputWarnings({ webClientUrl: 'https://contoso.on3cx.com/wc' })).toEqual([]);
    expect(inputWarnings({ webClientUrl: 'https://contoso.on3cx.com/wc', privacyUrl: 'http://contoso.com/privacy' })[0]?.message).toContain('The privacy policy URL');
  });
});
