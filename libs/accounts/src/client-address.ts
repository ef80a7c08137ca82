import { BlockList, isIP } from 'node:net';
import { ConfigError, type HttpRequest } from '@backend/platform';

/** The variable that lists the proxies whose `CloudFront-Viewer-Address` is believed (comma-separated CIDRs). */
export const TRUSTED_PROXY_CIDRS = 'TRUSTED_PROXY_CIDRS';

const PREFIX_DIGITS = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * The proxies whose `CloudFront-Viewer-Address` header is believed: CloudFront's origin-facing ranges in AWS
 * (terraform/services/accounts), none locally. A CIDR that does not parse throws `ConfigError` (a deployment
 * mistake, reported on the first request as a bad variable is), naming its position, not its text.
 */
export function trustedProxies(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  cidrs.forEach((cidr, index) => {
    const [address = '', prefix = '', ...rest] = cidr.trim().split('/');
    const family = isIP(address);
    const bits = Number(prefix);
    if (family === 0 || rest.length > 0 || !PREFIX_DIGITS.test(prefix) || bits > (family === 4 ? 32 : 128))
      throw new ConfigError(TRUSTED_PROXY_CIDRS, `item ${index + 1} is not an IPv4 or IPv6 CIDR`);
    list.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
  });
  return list;
}

/**
 * The viewer in a `CloudFront-Viewer-Address` value, `<ip>:<port>`: `203.0.113.7:51234`, and for IPv6 the address
 * unbracketed (`2001:db8::1:51234`) as CloudFront writes it, or bracketed (`[2001:db8::1]:51234`). Undefined for
 * anything else, including two values joined by a comma.
 */
export function viewerAddress(header: string): string | undefined {
  const match = /^(?:\[([0-9A-Fa-f.:]+)\]|([0-9A-Fa-f.:]+)):[0-9]{1,5}$/.exec(header.trim());
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && isIP(address) !== 0 ? address : undefined;
}

/**
 * The client's address, which the per-IP rate limits count. API Gateway's `sourceIp` is the TCP peer, which no
 * caller can forge. When that peer is one of `trusted` (a CloudFront edge: CloudFront sets and overwrites
 * `CloudFront-Viewer-Address`, and a distribution cannot add it as a custom header), the viewer it names is the
 * client; from anywhere else the header is the caller's own words and is ignored (docs/accounts.md).
 */
export function clientAddress(request: HttpRequest, trusted: BlockList): string {
  const header = request.headers['cloudfront-viewer-address'];
  if (header === undefined) return request.sourceIp;
  const family = isIP(request.sourceIp);
  if (family === 0 || !trusted.check(request.sourceIp, family === 4 ? 'ipv4' : 'ipv6'))
    return request.sourceIp;
  return viewerAddress(header) ?? request.sourceIp;
}
