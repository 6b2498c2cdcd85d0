/** The links of a session, built from where this page is served, so they work behind any host name. */
export function joinUrl(code: string, origin = location.origin): string {
  return `${origin}/join/${code}`;
}

/** The join link for people following online: they count as online attendees, not in the room. */
export function onlineJoinUrl(code: string, origin = location.origin): string {
  return `${joinUrl(code, origin)}?channel=online`;
}

/** The join link of one table (its QR on the table): whoever scans it sits at that table. */
export function tableJoinUrl(code: string, tableId: string, origin = location.origin): string {
  return `${joinUrl(code, origin)}?table=${encodeURIComponent(tableId)}`;
}

export function screenUrl(code: string, origin = location.origin): string {
  return `${origin}/screen/${code}`;
}

export function moderatorUrl(sessionId: string, moderatorToken: string, origin = location.origin): string {
  return `${origin}/moderate/${sessionId}#token=${encodeURIComponent(moderatorToken)}`;
}

/** The join URL without its scheme: shorter to read aloud and to copy from a projector. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** The report's read-only link: the key in the fragment, which no server log or Referer header ever holds. */
export function sharedReportUrl(sessionId: string, shareToken: string, origin = location.origin): string {
  return `${origin}/report/${sessionId}#key=${encodeURIComponent(shareToken)}`;
}
