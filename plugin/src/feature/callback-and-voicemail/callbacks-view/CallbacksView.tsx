// The supervisors' callbacks view: one page of open callbacks and voicemails
// (rows and their actions decided by the core on the server), with paging by
// TaskRouter's page tokens, and cancel (with a reason), reschedule and
// assign-to-me actions.
import React, { useCallback, useEffect, useState } from 'react';
import type { CallbackRow } from '@cbvm/core';
import { Alert } from '@twilio-paste/core/alert';
import { Box } from '@twilio-paste/core/box';
import { Button } from '@twilio-paste/core/button';
import { Heading } from '@twilio-paste/core/heading';
import { Input } from '@twilio-paste/core/input';
import { Label } from '@twilio-paste/core/label';
import { Stack } from '@twilio-paste/core/stack';
import { Table, TBody, Td, Th, THead, Tr } from '@twilio-paste/core/table';
import { Text } from '@twilio-paste/core/text';

import { fillTemplate, formatInstant } from '../utils/format';
import type { CallbacksPage, CallbacksViewService, ManageRequest, PageCursor } from './service';
import { ViewStringKey, type ViewStringKeyName } from './strings';

export interface CallbacksViewProps {
  service: CallbacksViewService;
  strings: () => Record<string, string | undefined>;
  locale: () => string;
  timeZone: () => string;
  pageSize?: number;
  /** The clock (tests pin it). */
  now?: () => Date;
}

type Dialog = { kind: 'cancel' | 'reschedule'; row: CallbackRow } | null;

const STATE_KEYS: Record<CallbackRow['state'], ViewStringKeyName> = {
  waiting: ViewStringKey.StateWaiting,
  assigned: ViewStringKey.StateAssigned,
  scheduled: ViewStringKey.StateScheduled,
  retrying: ViewStringKey.StateRetrying,
};

function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "YYYY-MM-DD" and "HH:MM" of an instant in the browser's zone, for the date and time inputs. */
function localParts(date: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}

export function CallbacksView({ service, strings, locale, timeZone, pageSize = 25, now = () => new Date() }: CallbacksViewProps) {
  const t = useCallback(
    (key: ViewStringKeyName, values?: Record<string, string | number>) => fillTemplate(strings()[key] ?? key, values),
    [strings],
  );
  const [page, setPage] = useState<CallbacksPage | null>(null);
  const [cursors, setCursors] = useState<(PageCursor | null)[]>([null]);
  // Which list: the callbacks in the queues, or those held until due (scheduled, after hours).
  const [held, setHeld] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState({ date: '', time: '' });

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setPage(await service.list(cursor, pageSize, held));
    } catch (err) {
      setError(t(ViewStringKey.Failed, { message: (err as Error).message }));
    } finally {
      setLoading(false);
    }
  }, [service, cursor, pageSize, held, t]);

  useEffect(() => {
    void load();
  }, [load]);

  async function act(request: ManageRequest) {
    setBusy(request.taskSid);
    setError(null);
    setNotice(null);
    try {
      const result = await service.manage(request);
      setNotice(result.message ?? t(ViewStringKey.Done));
      setDialog(null);
      await load();
    } catch (err) {
      setError(t(ViewStringKey.Failed, { message: (err as Error).message }));
    } finally {
      setBusy(null);
    }
  }

  function openReschedule(row: CallbackRow) {
    const start = row.nextDue && Date.parse(row.nextDue) > now().getTime() ? new Date(row.nextDue) : new Date(now().getTime() + 3600 * 1000);
    setWhen(localParts(start));
    setDialog({ kind: 'reschedule', row });
  }

  const dueText = (row: CallbackRow) => {
    if (!row.nextDue) return '—';
    if (Date.parse(row.nextDue) <= now().getTime() + 1000) return t(ViewStringKey.DueNow);
    return formatInstant(row.nextDue, timeZone(), locale());
  };

  const rows = page?.rows ?? [];
  const headingId = 'cbvm-callbacks-dialog-heading';
  const scheduledFor = when.date && when.time ? new Date(`${when.date}T${when.time}`) : null;

  return (
    <Box padding="space60" overflowY="auto" height="100%" data-testid="cbvm-callbacks-view">
      <Stack orientation="vertical" spacing="space50">
        <Box display="flex" justifyContent="space-between" alignItems="center">
          <Heading as="h2" variant="heading30" marginBottom="space0">
            {t(ViewStringKey.Title)}
          </Heading>
          <Box display="flex" columnGap="space30">
            {[false, true].map((which) => (
              <Button
                key={String(which)}
                variant={held === which ? 'primary' : 'secondary'}
                size="small"
                aria-pressed={held === which}
                onClick={() => {
                  setHeld(which);
                  setCursors([null]);
                }}
              >
                {t(which ? ViewStringKey.StateScheduled : ViewStringKey.StateWaiting)}
              </Button>
            ))}
            <Button variant="secondary" size="small" onClick={() => void load()} loading={loading}>
              {t(ViewStringKey.Refresh)}
            </Button>
          </Box>
        </Box>
        {error && (
          <Alert variant="error">
            <Text as="span">{error}</Text>
          </Alert>
        )}
        {notice && (
          <Alert variant="neutral">
            <Text as="span">{notice}</Text>
          </Alert>
        )}
        {!page && loading && <Text as="p">{t(ViewStringKey.Loading)}</Text>}
        {page && rows.length === 0 && <Text as="p">{t(ViewStringKey.Empty)}</Text>}
        {dialog && (
          <Box
            role="dialog"
            aria-labelledby={headingId}
                        padding="space50"
            borderStyle="solid"
            borderWidth="borderWidth10"
            borderColor="colorBorderWeak"
            borderRadius="borderRadius30"
            backgroundColor="colorBackgroundBody"
            onKeyDown={(e: React.KeyboardEvent) => e.key === 'Escape' && setDialog(null)}
          >
              <Box marginBottom="space40">
                <Heading as="h3" variant="heading40" id={headingId}>
                  {t(dialog.kind === 'cancel' ? ViewStringKey.CancelHeading : ViewStringKey.RescheduleHeading, { number: dialog.row.number })}
                </Heading>
              </Box>
              <Box>
                {dialog.kind === 'cancel' ? (
                  <>
                    <Label htmlFor="cbvm-cancel-reason" required>
                      {t(ViewStringKey.CancelReasonLabel)}
                    </Label>
                    <Input id="cbvm-cancel-reason" name="reason" type="text" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
                  </>
                ) : (
                  <>
                    <Label htmlFor="cbvm-reschedule-date" required>
                      {t(ViewStringKey.RescheduleTimeLabel)}
                    </Label>
                    <Box display="flex" columnGap="space30">
                      <Input id="cbvm-reschedule-date" name="date" type="date" value={when.date} onChange={(e) => setWhen({ ...when, date: e.target.value })} />
                      <Input id="cbvm-reschedule-time" name="time" type="time" aria-label={t(ViewStringKey.RescheduleTimeLabel)} value={when.time} onChange={(e) => setWhen({ ...when, time: e.target.value })} />
                    </Box>
                  </>
                )}
              </Box>
              <Box marginTop="space50">
                <Box display="flex" columnGap="space30" justifyContent="flex-end">
                  <Button variant="secondary" onClick={() => setDialog(null)}>
                    {t(ViewStringKey.Close)}
                  </Button>
                  {dialog.kind === 'cancel' ? (
                    <Button
                      variant="destructive"
                      disabled={reason.trim() === ''}
                      loading={busy === dialog.row.taskSid}
                      onClick={() => void act({ action: 'cancel', taskSid: dialog.row.taskSid, reason: reason.trim() })}
                    >
                      {t(ViewStringKey.CancelConfirm)}
                    </Button>
                  ) : (
                    <Button
                      variant="primary"
                      disabled={!scheduledFor || Number.isNaN(scheduledFor.getTime())}
                      loading={busy === dialog.row.taskSid}
                      onClick={() => scheduledFor && void act({ action: 'reschedule', taskSid: dialog.row.taskSid, scheduledFor: scheduledFor.toISOString() })}
                    >
                      {t(ViewStringKey.RescheduleConfirm)}
                    </Button>
                  )}
                </Box>
              </Box>
          </Box>
        )}
        {rows.length > 0 && (
          <Table aria-label={t(ViewStringKey.Title)} striped>
            <THead>
              <Tr>
                <Th>{t(ViewStringKey.ColumnNumber)}</Th>
                <Th>{t(ViewStringKey.ColumnType)}</Th>
                <Th>{t(ViewStringKey.ColumnQueue)}</Th>
                <Th>{t(ViewStringKey.ColumnState)}</Th>
                <Th>{t(ViewStringKey.ColumnAge)}</Th>
                <Th>{t(ViewStringKey.ColumnAttempt)}</Th>
                <Th>{t(ViewStringKey.ColumnNextDue)}</Th>
                <Th>{t(ViewStringKey.ColumnActions)}</Th>
              </Tr>
            </THead>
            <TBody>
              {rows.map((row) => (
                <Tr key={row.taskSid} data-testid={`cbvm-row-${row.taskSid}`}>
                  <Td>{row.number}</Td>
                  <Td>{t(row.kind === 'voicemail' ? ViewStringKey.KindVoicemail : ViewStringKey.KindCallback)}</Td>
                  <Td>{row.queueName}</Td>
                  <Td>{t(STATE_KEYS[row.state])}</Td>
                  <Td>{formatAge(row.ageSeconds)}</Td>
                  <Td>{row.attempt}</Td>
                  <Td>{dueText(row)}</Td>
                  <Td>
                    <Box display="flex" columnGap="space30">
                      {row.actions.reschedule && (
                        <Button variant="secondary" size="small" disabled={busy !== null} onClick={() => openReschedule(row)}>
                          {t(ViewStringKey.Reschedule)}
                        </Button>
                      )}
                      {row.actions.cancel && (
                        <Button
                          variant="destructive_secondary"
                          size="small"
                          disabled={busy !== null}
                          onClick={() => {
                            setReason('');
                            setDialog({ kind: 'cancel', row });
                          }}
                        >
                          {t(ViewStringKey.Cancel)}
                        </Button>
                      )}
                      {row.actions.assign && (
                        <Button
                          variant="primary"
                          size="small"
                          disabled={busy !== null}
                          loading={busy === row.taskSid && dialog === null}
                          onClick={() => void act({ action: 'assign', taskSid: row.taskSid })}
                        >
                          {t(ViewStringKey.Assign)}
                        </Button>
                      )}
                    </Box>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        <Box display="flex" columnGap="space30">
          {cursors.length > 1 && (
            <Button variant="secondary" size="small" onClick={() => setCursors([null])}>
              {t(ViewStringKey.FirstPage)}
            </Button>
          )}
          {page?.next && (
            <Button variant="secondary" size="small" onClick={() => setCursors([...cursors, page.next])}>
              {t(ViewStringKey.NextPage)}
            </Button>
          )}
        </Box>
      </Stack>
    </Box>
  );
}
