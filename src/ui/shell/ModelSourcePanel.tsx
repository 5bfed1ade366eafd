import { useState } from "react";
import type { ModelSource } from "../../runtime/modelFiles";
import { useApp } from "../../state/store";

type Kind = ModelSource["kind"];

/** Choose the policy: the embedded one, a hub id, a URL, or a folder of local files. Remote hosts are asked about first. */
export function ModelSourcePanel() {
  const [kind, setKind] = useState<Kind>("embedded");
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const policy = useApp((s) => s.policy);
  const status = useApp((s) => s.policyStatus);
  const pending = useApp((s) => s.pending);
  const progress = useApp((s) => s.progress);
  const ready = useApp((s) => s.phase === "ready");
  const { requestPolicy, answerPending } = useApp.getState();
  const source = (): ModelSource =>
    kind === "hub" ? { kind, id: text } : kind === "url" ? { kind, url: text } : kind === "local" ? { kind, files } : { kind };
  return (
    <details className="model-source">
      <summary>
        Policy: <span data-testid="policy-description">{policy?.description ?? "loading…"}</span>
      </summary>
      <fieldset disabled={!ready || status.loading}>
        <legend>Open another policy (a Hugging Face ONNX folder with KV-cache inputs)</legend>
        <label>
          Source{" "}
          <select data-testid="source-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="embedded">embedded suite</option>
            <option value="hub">Hugging Face hub id</option>
            <option value="url">URL of a model folder</option>
            <option value="local">local folder</option>
          </select>
        </label>
        {(kind === "hub" || kind === "url") && (
          <input
            data-testid="source-text"
            aria-label={kind === "hub" ? "Hub model id (owner/name)" : "Model folder URL"}
            placeholder={kind === "hub" ? "owner/name" : "https://example.org/model/"}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        {kind === "local" && (
          <input
            type="file"
            data-testid="source-files"
            aria-label="Model folder"
            multiple
            {...{ webkitdirectory: "" }}
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        )}
        <button data-testid="source-open" onClick={() => void requestPolicy(source())}>
          Open
        </button>
      </fieldset>
      {pending && (
        <div role="alertdialog" aria-label="Allow download" className="notice" data-testid="confirm-host">
          <p>
            This downloads model files from <strong>{pending.host}</strong>. Nothing has been fetched yet. Allow downloads from this host for
            this session?
          </p>
          <button data-testid="confirm-allow" onClick={() => void answerPending(true)}>
            Allow and open
          </button>
          <button data-testid="confirm-deny" onClick={() => void answerPending(false)}>
            Do not download
          </button>
        </div>
      )}
      {status.loading && (
        <p role="status">
          Opening the policy… {progress && <progress max={progress.totalBytes || 1} value={progress.loadedBytes} aria-label={progress.file} />}
        </p>
      )}
      {status.error && (
        <p className="error" role="alert" data-testid="source-error">
          {status.error}
        </p>
      )}
    </details>
  );
}
