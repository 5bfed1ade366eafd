/** A macrotask turn without setTimeout's clamping: lets the worker take a cancel between steps
 * (awaiting a model alone only runs microtasks, so Comlink's cancel message would wait). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
