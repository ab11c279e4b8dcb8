// The host's agent desktop: a header with the worker's activity, Flex
// notifications, a task list and a task canvas whose info panel renders the
// TaskInfoPanel content plugins registered. Titles, colours and icons come
// from each task's registered channel.
import { channelColor, channelFor, channelIcon, channelText } from './templates';
import { PageSwitches } from './switches';

const React = window.React;
const { useSelector } = window.ReactRedux;
const { useEffect, useState, useCallback } = React;

class ErrorBoundary extends React.Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }

  static getDerivedStateFromError(error) {
    return { error };
  }

  componentDidCatch(error) {
    console.error(`${this.props.label} crashed:`, error);
  }

  render() {
    if (this.state.error) {
      return <div className="crash" data-testid="render-error">{this.props.label} crashed: {String(this.state.error.message || this.state.error)}</div>;
    }
    return this.props.children;
  }
}

function useAction(flex) {
  const [error, setError] = useState(null);
  const run = useCallback((name, payload) => {
    setError(null);
    return flex.Actions.invokeAction(name, payload).catch((err) => {
      if (!/cancelled by before event/.test(String(err && err.message))) setError(`${name}: ${err.message || err}`);
    });
  }, [flex]);
  return [run, error];
}

function Icon({ icon, color }) {
  let content = null;
  if (React.isValidElement(icon)) content = icon;
  else if (typeof icon === 'function') content = React.createElement(icon);
  else if (typeof icon === 'string' && icon) content = <span className="icon-name">{icon.slice(0, 2)}</span>;
  return <span className="task-icon" style={{ background: color }} aria-hidden="true">{content}</span>;
}

function Header({ host }) {
  const activity = useSelector((s) => s.flex.worker.activity);
  const [run, error] = useAction(host.flex);
  const activities = Object.values(host.config.agent.activities);
  return (
    <header className="host-header">
      <span className="brand">Flex <small>local host</small></span>
      <span className={`plugin-status ${host.plugin.state}`} data-testid="plugin-status" title={host.plugin.detail || ''}>
        plugin: {host.plugin.state}
      </span>
      {!host.outboundEnabled && <span className="flag" data-testid="outbound-disabled">outbound calls disabled</span>}
      <a className="caller-link" href="/caller" target="_blank" rel="noreferrer">caller panel ↗</a>
      <span className="spacer" />
      <PageSwitches host={host} />
      <span className="worker">{host.config.agent.fullName}</span>
      <select
        aria-label="Activity"
        data-testid="activity"
        value={activity.sid}
        onChange={(e) => run('SetActivity', { activitySid: e.target.value })}
      >
        {activities.map((a) => <option key={a.sid} value={a.sid}>{a.name}</option>)}
      </select>
      {error && <span className="action-error">{error}</span>}
    </header>
  );
}

function notificationText(manager, n) {
  const content = n.content;
  if (typeof content === 'string' || typeof content === 'number') {
    const template = Object.prototype.hasOwnProperty.call(manager.strings, content) ? manager.strings[content] : String(content);
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key) => {
      const value = key.split('.').reduce((v, k) => (v == null ? undefined : v[k]), n.context || {});
      return value == null ? '' : String(value);
    });
  }
  return null;
}

function Notifications({ host }) {
  const { flex, manager } = host;
  const [active, setActive] = useState(() => [...flex.Notifications.activeNotifications]);
  useEffect(() => {
    const refresh = () => setActive([...flex.Notifications.activeNotifications]);
    flex.Notifications.on('notificationAdded', refresh);
    flex.Notifications.on('notificationDismissed', refresh);
    return () => {
      flex.Notifications.removeListener('notificationAdded', refresh);
      flex.Notifications.removeListener('notificationDismissed', refresh);
    };
  }, [flex]);
  if (!active.length) return null;
  return (
    <div className="notifications">
      {active.map((n) => {
        const text = notificationText(manager, n);
        return (
          <div key={n.instanceId || n.id} role="alert" className={`notification ${n.type || 'information'}`} data-testid="notification" data-notification-id={n.id}>
            <span className="notification-content">
              {text !== null ? text : (React.isValidElement(n.content) ? React.cloneElement(n.content, { notificationContext: n.context }) : null)}
            </span>
            <button type="button" className="link" aria-label="Dismiss" onClick={() => flex.Notifications.dismissNotification(n)}>×</button>
          </div>
        );
      })}
    </div>
  );
}

function TaskListItem({ host, task, selected, onSelect }) {
  const channel = channelFor(host.flex, task);
  const color = channelColor(channel, task);
  const first = channelText(host.manager, channel, 'TaskListItem', 'firstLine', task) || task.attributes.name || task.taskSid;
  const second = channelText(host.manager, channel, 'TaskListItem', 'secondLine', task);
  return (
    <li>
      <button
        type="button"
        className={`task-item${selected ? ' selected' : ''}`}
        data-testid="task-item"
        data-task-sid={task.taskSid}
        data-channel={channel ? channel.name : ''}
        data-status={task.taskStatus}
        onClick={() => onSelect(task)}
        style={{ borderLeftColor: color }}
      >
        <Icon icon={channelIcon(channel, task, 'list')} color={color} />
        <span className="lines">
          <span className="first-line" data-testid="task-title">{first}</span>
          {second && <span className="second-line">{second}</span>}
        </span>
        <span className={`status ${task.taskStatus}`}>{task.taskStatus === 'pending' ? 'incoming' : task.taskStatus}</span>
      </button>
    </li>
  );
}

function TaskList({ host }) {
  const mine = useSelector((s) => s.flex.worker.tasks);
  const incoming = useSelector((s) => s.host.incoming);
  const selectedSid = useSelector((s) => s.flex.view.selectedTaskSid);
  const [run, error] = useAction(host.flex);
  const select = (task) => run('SelectTask', { sid: task.sid });
  const byAge = (a, b) => a.dateCreated - b.dateCreated;
  return (
    <nav className="task-list" aria-label="Tasks">
      <h2>My tasks</h2>
      <ul data-testid="my-tasks">
        {[...mine.values()].sort(byAge).map((t) => <TaskListItem key={t.sid} host={host} task={t} selected={t.sid === selectedSid} onSelect={select} />)}
      </ul>
      {mine.size === 0 && <p className="empty">No tasks.</p>}
      <h2>Waiting in queue</h2>
      <ul data-testid="incoming-tasks">
        {[...incoming.values()].sort(byAge).map((t) => <TaskListItem key={t.sid} host={host} task={t} selected={t.sid === selectedSid} onSelect={select} />)}
      </ul>
      {incoming.size === 0 && <p className="empty">Nobody is waiting.</p>}
      {error && <p className="action-error">{error}</p>}
    </nav>
  );
}

function DefaultInfo({ task }) {
  const rows = [
    ['Task', task.taskSid],
    ['Queue', task.queueName],
    ['Channel', task.taskChannelUniqueName],
    ['Status', task.taskStatus],
    ['From', task.attributes.from],
    ['To', task.attributes.to],
  ].filter(([, v]) => v);
  return (
    <dl className="default-info" data-testid="default-info">
      {rows.map(([k, v]) => <React.Fragment key={k}><dt>{k}</dt><dd>{String(v)}</dd></React.Fragment>)}
    </dl>
  );
}

// Renders TaskInfoPanel.Content as Flex's dynamic content does: each fragment
// whose `if` accepts the panel's props, in sortOrder; `replace` hides the default.
function InfoPanel({ host, task }) {
  const props = { task, manager: host.manager };
  const fragments = (host.flex.TaskInfoPanel.Content.fragments || []).filter((f) => {
    try {
      return !f.props.if || f.props.if(props);
    } catch (err) {
      console.error('A TaskInfoPanel fragment condition failed:', err);
      return false;
    }
  });
  fragments.sort((a, b) => (a.props.sortOrder ?? 0) - (b.props.sortOrder ?? 0));
  const replaced = fragments.some((f) => f.props.replace);
  const TaskContext = host.flex.TaskContext;
  const content = (
    <>
      {!replaced && <DefaultInfo task={task} />}
      {fragments.map((f, i) => (
        <ErrorBoundary key={f.key || i} label="TaskInfoPanel content">
          {React.cloneElement(f.props.children, props)}
        </ErrorBoundary>
      ))}
    </>
  );
  return (
    <section className="info-panel" data-testid="info-panel" aria-label="Task info">
      {TaskContext && TaskContext.Provider ? <TaskContext.Provider value={{ task }}>{content}</TaskContext.Provider> : content}
    </section>
  );
}

function TaskCanvas({ host }) {
  const selectedSid = useSelector((s) => s.flex.view.selectedTaskSid);
  const task = useSelector((s) => s.flex.worker.tasks.get(selectedSid) || s.host.incoming.get(selectedSid));
  const [run, error] = useAction(host.flex);
  if (!task) {
    return <main className="task-canvas empty-canvas" data-testid="task-canvas" data-selected="">Select a task.</main>;
  }
  const channel = channelFor(host.flex, task);
  const color = channelColor(channel, task);
  const incoming = task.taskStatus === 'pending' || task.taskStatus === 'reserved';
  const title = (incoming ? channelText(host.manager, channel, 'IncomingTaskCanvas', 'firstLine', task) : '')
    || channelText(host.manager, channel, 'TaskCanvasHeader', 'title', task)
    || task.attributes.name || task.taskSid;
  const hasLiveCall = Boolean(task.attributes.call_sid) && task.taskStatus === 'assigned';
  return (
    <main className="task-canvas" data-testid="task-canvas" data-selected={task.taskSid} data-channel={channel ? channel.name : ''}>
      <div className="canvas-header" style={{ borderTopColor: color }}>
        <Icon icon={channelIcon(channel, task, 'main')} color={color} />
        <h1 data-testid="canvas-title">{title}</h1>
        <span className={`status ${task.taskStatus}`} data-testid="canvas-status">{task.taskStatus}</span>
        <span className="canvas-actions">
          {incoming && <button type="button" className="primary" onClick={() => run('AcceptTask', { sid: task.sid })}>Accept</button>}
          {hasLiveCall && <button type="button" className="danger" onClick={() => run('HangupCall', { sid: task.sid })}>Hang up</button>}
          {task.taskStatus === 'assigned' && !hasLiveCall && <button type="button" onClick={() => run('WrapupTask', { sid: task.sid })}>Wrap up</button>}
          {task.taskStatus === 'wrapping' && <button type="button" className="primary" onClick={() => run('CompleteTask', { sid: task.sid })}>Complete</button>}
        </span>
      </div>
      {error && <p className="action-error" data-testid="action-error">{error}</p>}
      <InfoPanel host={host} task={task} />
    </main>
  );
}

// Flex's SideLink and View need a logged-in Flex; the host hands plugins
// these stand-ins with the same props, and renders what plugins added to
// SideNav and ViewCollection with them.
function HostSideLink({ isActive, onClick, children, showLabel }) {
  return (
    <button type="button" className={`side-link${isActive ? ' active' : ''}`} data-testid="side-link" aria-pressed={Boolean(isActive)} onClick={onClick}>
      {showLabel === false ? null : children}
    </button>
  );
}

function HostView({ children }) {
  return <div className="host-view">{children}</div>;
}

export function withHostViews(flex) {
  return new Proxy(flex, {
    get(target, key) {
      if (key === 'SideLink') return HostSideLink;
      if (key === 'View') return HostView;
      return Reflect.get(target, key);
    },
  });
}

function SideNav({ host, activeView }) {
  const links = host.flex.SideNav.Content.fragments || [];
  if (links.length === 0) return null;
  return (
    <nav className="side-nav" data-testid="side-nav" aria-label="Views">
      <HostSideLink isActive={activeView === 'agent-desktop'} onClick={() => host.flex.Actions.invokeAction('NavigateToView', { viewName: 'agent-desktop' })}>
        Agent desktop
      </HostSideLink>
      {links.map((f, i) => (
        <ErrorBoundary key={f.key || i} label="A side link">
          {React.cloneElement(f.props.children, { activeView, showLabel: true })}
        </ErrorBoundary>
      ))}
    </nav>
  );
}

function PluginView({ host, activeView }) {
  const view = (host.flex.ViewCollection.Content.fragments || []).find((f) => f.props.children && f.props.children.props.name === activeView);
  if (!view) return <main className="task-canvas empty-canvas">No view named {activeView}.</main>;
  return (
    <main className="plugin-view" data-testid="plugin-view" data-view={activeView}>
      <ErrorBoundary label={`The ${activeView} view`}>{view.props.children}</ErrorBoundary>
    </main>
  );
}

export function HostApp({ host }) {
  const activeView = useSelector((s) => s.flex.view.activeView);
  return (
    <div className="host">
      <Header host={host} />
      <Notifications host={host} />
      {host.plugin.state === 'failed' && <div className="crash" data-testid="plugin-error">The plugin did not load: {host.plugin.detail}</div>}
      <div className="workspace">
        <SideNav host={host} activeView={activeView} />
        {activeView === 'agent-desktop' ? (
          <>
            <TaskList host={host} />
            <ErrorBoundary label="The task canvas">
              <TaskCanvas host={host} />
            </ErrorBoundary>
          </>
        ) : (
          <PluginView host={host} activeView={activeView} />
        )}
      </div>
    </div>
  );
}
