// The simulated caller panel: put a call into the queue, read what the wait
// experience says, answer its menus with the keypad, leave a voicemail (a real
// recording is uploaded), hang up; read the texts the phone receives and reply. The simulation itself runs in the host
// server (local/src/caller.js); this page is its remote control.
const React = window.React;
const ReactDOM = window.ReactDOM;
const { useEffect, useState } = React;

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`/caller/api${path}`, init);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

// Keys are collected as on a phone: the finish key or the <Gather>'s digit
// count sends them at once; otherwise they go after a short pause, as a
// <Gather> timeout would send them.
const PAUSE_MS = 1200;

function Keypad({ call, onView, onError }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const timer = React.useRef(null);
  const awaiting = call.awaiting;
  useEffect(() => () => clearTimeout(timer.current), []);
  const send = async (digits) => {
    clearTimeout(timer.current);
    if (!digits) return;
    setBusy(true);
    try {
      onView(await api(`/calls/${call.callSid}/press`, { digits }));
      setTyped('');
    } catch (err) {
      onError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const pressKey = (key) => {
    clearTimeout(timer.current);
    if (awaiting.finishOnKey && key === awaiting.finishOnKey) {
      send(typed);
      return;
    }
    const next = typed + key;
    setTyped(next);
    if (awaiting.numDigits && next.length >= awaiting.numDigits) send(next);
    else timer.current = setTimeout(() => send(next), PAUSE_MS);
  };
  return (
    <div className="keypad" data-testid="keypad">
      <div className="typed" data-testid="typed">{typed || '\u00a0'}</div>
      <div className="keys">
        {KEYS.map((k) => (
          <button type="button" key={k} disabled={busy} onClick={() => pressKey(k)} data-testid={`key-${k}`} aria-label={`Key ${k}`}>{k}</button>
        ))}
      </div>
    </div>
  );
}

function Recorder({ call, onView, onError, defaultTranscript }) {
  const [transcript, setTranscript] = useState(defaultTranscript);
  const [busy, setBusy] = useState(false);
  const leave = async () => {
    setBusy(true);
    try {
      onView(await api(`/calls/${call.callSid}/record`, { transcript }));
    } catch (err) {
      onError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="recorder" data-testid="recorder">
      <p>The line is recording. The sample message below is played into it:</p>
      <audio controls src="/assets/voicemail-sample.mp3" />
      <label>
        Transcript Twilio will send
        <textarea value={transcript} onChange={(e) => setTranscript(e.target.value)} data-testid="transcript-input" rows={3} />
      </label>
      <button type="button" className="primary" disabled={busy} onClick={leave} data-testid="leave-recording">Leave this voicemail</button>
    </div>
  );
}

function Call({ call, onView, sample }) {
  const [error, setError] = useState(null);
  // One request at a time: a second click while the call moves on would be queued behind it.
  const [acting, setActing] = useState(false);
  const act = async (path) => {
    setError(null);
    setActing(true);
    try {
      onView(await api(`/calls/${call.callSid}/${path}`, {}));
    } catch (err) {
      setError(err.message);
    } finally {
      setActing(false);
    }
  };
  const awaiting = call.awaiting;
  return (
    <article className={`call${call.ended ? ' ended' : ''}`} data-testid="call" data-call-sid={call.callSid}>
      <header>
        <strong>{call.from}</strong> → {call.to}
        <span className="call-state" data-testid="call-state">{call.ended ? 'ended' : call.inQueue ? 'in queue' : 'connected'}</span>
      </header>
      <ol className="transcript" data-testid="call-log">
        {call.log.map((entry, i) => <li key={i} className={entry.kind} data-kind={entry.kind}>{entry.text}</li>)}
      </ol>
      {error && <p className="action-error" data-testid="caller-error">{error}</p>}
      {!call.ended && awaiting && awaiting.type === 'gather' && (
        <Keypad key={call.log.length} call={call} onView={onView} onError={setError} />
      )}
      {!call.ended && awaiting && awaiting.type === 'record' && (
        <Recorder call={call} onView={onView} onError={setError} defaultTranscript={sample} />
      )}
      {!call.ended && (
        <div className="call-actions">
          {awaiting && ['gather', 'hold'].includes(awaiting.type) && (
            <button type="button" disabled={acting} onClick={() => act('wait')} data-testid="keep-waiting">Keep waiting</button>
          )}
          <button type="button" className="danger" onClick={() => act('hangup')} data-testid="hang-up">Hang up</button>
        </div>
      )}
    </article>
  );
}

// The caller's phone's text messages: what the contact centre sent (the booking
// confirmation) and a reply box (CANCEL cancels the callback).
const SMS_POLL_MS = 2000;

function Messages({ number, to }) {
  const [messages, setMessages] = useState([]);
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const load = () => api(`/messages?number=${encodeURIComponent(number)}`).then((d) => setMessages(d.messages)).catch(() => undefined);
  useEffect(() => {
    load();
    const timer = setInterval(load, SMS_POLL_MS);
    return () => clearInterval(timer);
  }, [number]);
  const reply = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      await api('/messages', { from: number, to, body: text });
      setText('');
      load();
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <section className="messages" data-testid="messages">
      <h3>Text messages on {number}</h3>
      <ol className="transcript" data-testid="message-list">
        {messages.map((m) => (
          <li key={m.sid} data-direction={m.direction} className={m.direction === 'inbound' ? 'sent-by-caller' : 'received'}>
            {m.direction === 'inbound' ? 'You: ' : `${m.from}: `}{m.body}{m.status === 'failed' ? ' (not delivered)' : ''}
          </li>
        ))}
      </ol>
      <form className="dial" onSubmit={reply}>
        <label>Reply <input value={text} onChange={(e) => setText(e.target.value)} placeholder="CANCEL" data-testid="sms-reply" /></label>
        <button type="submit" disabled={!text} data-testid="sms-send">Send</button>
      </form>
      {error && <p className="action-error">{error}</p>}
    </section>
  );
}

function CallerPanel() {
  const [calls, setCalls] = useState([]);
  const [from, setFrom] = useState('+14155550123');
  const [to, setTo] = useState('');
  const [sample, setSample] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api('/calls').then((data) => {
      setCalls(data.calls);
      setTo(data.contactCentreNumber);
    }).catch((err) => setError(err.message));
    fetch('/assets/voicemail-sample.json').then((r) => r.json()).then((s) => setSample(s.transcript)).catch(() => undefined);
  }, []);

  const onView = (view) => setCalls((list) => [view, ...list.filter((c) => c.callSid !== view.callSid)]);
  const dial = async (event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onView(await api('/calls', { from, to }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="caller">
      <header className="host-header">
        <span className="brand">Simulated caller</span>
        <a className="caller-link" href="/" target="_blank" rel="noreferrer">agent desktop ↗</a>
      </header>
      <form className="dial" onSubmit={dial}>
        <label>Caller <input value={from} onChange={(e) => setFrom(e.target.value)} data-testid="caller-from" /></label>
        <label>Dials <input value={to} onChange={(e) => setTo(e.target.value)} data-testid="caller-to" /></label>
        <button type="submit" className="primary" disabled={busy} data-testid="enter-queue">Call enters queue</button>
      </form>
      {error && <p className="action-error">{error}</p>}
      {to && <Messages number={from} to={to} />}
      <div className="calls">
        {calls.map((call) => <Call key={call.callSid} call={call} onView={onView} sample={sample} />)}
      </div>
    </div>
  );
}

ReactDOM.render(<CallerPanel />, document.getElementById('caller-root'));
