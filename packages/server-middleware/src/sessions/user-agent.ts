import UAParser from 'ua-parser-js';

const MAX_LABEL_LENGTH = 64;

/**
 * A short device label such as "Chrome on Linux" for the sessions list. Only the label is kept:
 * the raw header is a fingerprinting aid the user never asked us to store.
 *
 * @example
 * userAgentLabel(req.headers['user-agent']); // 'Firefox on Windows'
 */
export function userAgentLabel(header: string | undefined): string | null {
  if (!header) return null;
  const { browser, os } = new UAParser(header.slice(0, 512)).getResult();
  const label = [browser.name, os.name].filter(Boolean).join(' on ');
  return label ? label.slice(0, MAX_LABEL_LENGTH) : null;
}
