// "Copy link" for the open view, and the message when an opened link could not be used.
// Messages are text nodes only: nothing from a link is ever rendered as HTML.
import { useState } from "react";
import { linkFor, useShare } from "../../state/share";

export function LinkBar() {
  const linkMessage = useShare((s) => s.linkMessage);
  const dismiss = useShare((s) => s.dismissLinkMessage);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      const url = linkFor(window.location, useShare.getState());
      await navigator.clipboard.writeText(url);
      setCopied("Link copied");
    } catch (e) {
      setCopied(`Could not copy the link: ${(e as Error).message}`);
    }
    setTimeout(() => setCopied(null), 2500);
  };
  return (
    <div className="link-bar">
      {linkMessage && (
        <p role="alert" className="link-message" data-testid="link-message">
          {linkMessage} <button onClick={dismiss}>Dismiss</button>
        </p>
      )}
      <button data-testid="copy-link" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" aria-live="polite" data-testid="copy-status">
        {copied}
      </span>
    </div>
  );
}
