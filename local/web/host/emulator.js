// The host's view of TaskRouter and Voice: the emulator, reached through the
// host server's /emulator proxy (control endpoints, and the REST API with the
// account's basic auth, as Flex's backend would use it).

export function createEmulator(config) {
  const base = config.emulatorBase;
  const auth = `Basic ${btoa(`${config.accountSid}:${config.authToken}`)}`;

  async function json(response, what) {
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!response.ok) throw new Error(`${what} failed (${response.status}): ${(body && (body.message || body.error)) || text}`);
    return body;
  }

  function control(path, body) {
    const init = body === undefined
      ? {}
      : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(`${base}/__control/${path}`, init).then((r) => json(r, `emulator ${path}`));
  }

  return {
    /** Tasks Flex would show: waiting in the queue, or held by a worker. */
    liveTasks: () => control('tasks?assignmentStatus=pending,reserved,assigned,wrapping').then((b) => b.tasks),
    task: (taskSid) => control(`tasks/${taskSid}`),
    /** The workspace's task queues (REST), to know which match no worker. */
    async taskQueues() {
      const response = await fetch(`${base}/taskrouter/v1/Workspaces/${config.workspaceSid}/TaskQueues?PageSize=1000`, { headers: { Authorization: auth } });
      return (await json(response, 'TaskQueues')).task_queues || [];
    },
    assign: (taskSid, workerSid, status) => control(`tasks/${taskSid}/assign`, { workerSid, status }),
    seed: (spec) => control('seed', spec),
    hangup: (callSid) => control(`calls/${callSid}/hangup`, {}),
    call: (callSid) => control(`calls/${callSid}`),
    /** How the customer's phone answers (the emulator's phones control). */
    phone: (number) => control(`phones/${encodeURIComponent(number)}`),
    async updateTask(taskSid, params) {
      const response = await fetch(`${base}/taskrouter/v1/Workspaces/${config.workspaceSid}/Tasks/${taskSid}`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
      return json(response, `updating task ${taskSid}`);
    },
  };
}
