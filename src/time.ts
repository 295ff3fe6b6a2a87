import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);
/** Every wall-clock reading in the bot is in the county's time zone. */
dayjs.tz.setDefault('Asia/Shanghai');

export default dayjs;
