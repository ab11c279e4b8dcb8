import type { FeatureStrings } from './keys';

const th: FeatureStrings = {
  CallbackChannelName: 'โทรกลับ',
  VoicemailChannelName: 'ข้อความเสียง',
  CallbackHeading: 'คำขอให้โทรกลับ',
  CallbackDescription: 'ผู้ติดต่อขอให้โทรกลับทันที',
  VoicemailHeading: 'ข้อความเสียงของผู้ติดต่อ',
  VoicemailDescription: 'ผู้ติดต่อฝากข้อความเสียงที่ต้องได้รับการดูแล',
  CBVMRecordingHeading: 'ไฟล์บันทึกข้อความเสียง',
  CBVMRecordingLoading: 'กำลังโหลดข้อความเสียง...',
  CBVMRecordingError: 'เกิดข้อผิดพลาดในการโหลดข้อความเสียง',
  CBVMRecordingTryAgain: 'ลองอีกครั้ง',
  CBVMRecordingDeleted: 'ไฟล์บันทึกของข้อความเสียงนี้ถูกลบแล้ว',
  CBVMTranscriptHeading: 'ข้อความถอดเสียง',
  CBVMContactPhoneHeading: 'หมายเลขโทรศัพท์ของผู้ติดต่อ',
  CBVMReceptionTimeHeading: 'เวลาที่ได้รับสาย',
  CBVMSystemTime: 'เวลาของระบบ: {{time}}',
  CBVMAttempt: 'การโทรกลับครั้งที่ {{attempt}} จาก {{max}}',
  CBVMPlaceCall: 'โทรหา {{number}} ทันที',
  CBVMRetryLater: 'ลองใหม่ภายหลัง',
  CBVMMissingCallbackData: 'งานนี้ไม่มีข้อมูลการโทรกลับ จึงไม่มีหมายเลขให้โทรกลับ',
  CBVMWorkerOffline: 'คุณออฟไลน์อยู่ โปรดเปลี่ยนสถานะกิจกรรมเพื่อโทรออก',
  CBVMCallFailedNotification: 'โทรหา {{customer}} ไม่สำเร็จ โปรดลองอีกครั้ง',
  CBVMOutboundDisabledNotification: 'ยังไม่ได้เปิดใช้การโทรออก โปรดแจ้งผู้ดูแลระบบ',
  CBVMInvalidNumberNotification: 'ไม่สามารถโทรหาหมายเลข {{number}} ได้ ต้องมีรหัสประเทศ เช่น +14155550100',
  CBVMRequeueFailedNotification: 'ไม่สามารถเลื่อนการโทรกลับไปภายหลังได้: {{message}}',
};

export default th;
