import type { FeatureStrings } from './keys';

const zhHans: FeatureStrings = {
  CallbackChannelName: '回拨',
  VoicemailChannelName: '语音留言',
  CallbackHeading: '回拨请求',
  CallbackDescription: '联系人请求立即回拨。',
  VoicemailHeading: '联系人语音留言',
  VoicemailDescription: '联系人留下了一条需要处理的语音留言。',
  CBVMRecordingHeading: '语音留言录音',
  CBVMRecordingLoading: '正在加载语音留言...',
  CBVMRecordingError: '加载语音留言时出错。',
  CBVMRecordingTryAgain: '重试',
  CBVMRecordingDeleted: '此语音留言的录音已被删除。',
  CBVMTranscriptHeading: '语音留言文字记录',
  CBVMContactPhoneHeading: '联系电话',
  CBVMReceptionTimeHeading: '来电接收时间',
  CBVMSystemTime: '系统时间：{{time}}',
  CBVMAttempt: '第 {{attempt}} 次回拨，共 {{max}} 次',
  CBVMPlaceCall: '立即呼叫 {{number}}',
  CBVMRetryLater: '稍后重试',
  CBVMMissingCallbackData: '此任务没有回拨信息，因此没有可回拨的号码。',
  CBVMWorkerOffline: '您当前处于离线状态。请更改活动状态后再拨打电话。',
  CBVMCallFailedNotification: '呼叫 {{customer}} 失败，请重试',
  CBVMOutboundDisabledNotification: '未启用外呼功能，请通知系统管理员',
  CBVMInvalidNumberNotification: '无法呼叫号码 {{number}}：号码需要包含国家/地区代码，例如 +14155550100',
  CBVMRequeueFailedNotification: '无法将回拨安排到稍后：{{message}}',
};

export default zhHans;
