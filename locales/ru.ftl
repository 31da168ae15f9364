## Start

start-welcome =
    Здравствуйте, { $name }! Я превращаю новостные документы в короткие тематические сводки.

    Выберите тему ниже или отправьте команду, например /{ $exampleCommand }. /topics покажет все темы, /help расскажет остальное.

## Help

help-text =
    <b>Что я умею</b>

    /topics — все темы и что в них входит
    /{ $exampleCommand } — сводка по одной теме (у каждой темы своя команда); можно просто написать название темы, а любые другие слова я поищу в документах
    /subscribe — ежедневный дайджест выбранных тем в удобное время
    /settings — темы, время и часовой пояс дайджеста
    /digest — что нового по вашим темам прямо сейчас
    /pause, /resume — приостановить дайджест и возобновить его
    /unsubscribe — отписаться от дайджеста
    /forget — удалить всё, что я храню об этом чате
    /cancel — выйти из текущего диалога
    /start — приветствие и темы; /help — эта справка

    В каждой сводке — краткое изложение и источник. «Полный текст» покажет весь раздел, «Поделиться» отправит сводку в любой чат.

    В любом чате наберите <code>@{ $username } { $exampleName }</code>, чтобы поделиться сводкой или найти что-то в документах.

## Topics list

topics-header = <b>Темы</b>
topics-line = { $name } — /{ $command }
    { $about }
# A topic whose topics.yaml entry has no description.
topics-line-plain = { $name } — /{ $command }

## Briefing

briefing-source = Источник: { $source }, { $date }
briefing-source-undated = Источник: { $source }
briefing-empty = По теме «{ $topic }» пока ничего нет. Посмотрите другие темы: /topics
briefing-full-text-button = 📄 Полный текст
briefing-full-text-section-button = 📄 { $heading }
briefing-share-button = ↗️ Поделиться
# Opens inline mode in a chat the user picks (users and groups only).
briefing-send-to-contact-button = 👤 Отправить контакту
# Copies the deep link that opens the bot on the topic.
briefing-copy-link-button = 🔗 Скопировать ссылку
# Pages through the older sections of a topic; $count is how many are left.
briefing-more-button = ⏬ Ещё ({ $count })
briefing-section-gone = Этот текст обновился или удалён. Запросите сводку ещё раз.
# A button of a topic that no longer exists (removed from the bot's topics).
briefing-topic-gone = Этой темы больше нет. Вот темы, которые есть сейчас:

## Unhandled input

unhandled-unknown-command = Такой команды я не знаю. Вот темы, по которым у меня есть сводки:
unhandled-text = Отправьте команду темы, чтобы получить сводку:
# Всплывающая подсказка на кнопке, которую бот больше не знает (старое сообщение, другая версия).
unhandled-button-expired = Эта кнопка больше не работает. Отправьте /start, чтобы увидеть темы.

## Errors

error-generic = У меня что-то пошло не так. Попробуйте, пожалуйста, ещё раз чуть позже.

## Command menu

command-start = Начать и выбрать тему
command-help = Что умеет бот
command-topics = Все темы
command-forget = Удалить всё, что бот хранит об этом чате
command-cancel = Выйти из текущего диалога
# The bot's profile: shown in an empty chat with it (512 characters at most) and on its profile page (120).
bot-description = Я превращаю новостные документы в короткие тематические сводки с источниками. Отправьте /topics или название темы, напишите любые слова для поиска, делитесь сводками в любом чате через мой @username и подпишитесь на ежедневный дайджест в удобное время: /subscribe.
bot-short-description = Тематические сводки по новостным документам с источниками, отправка в один тап и ежедневный дайджест.

## Inline mode

inline-open-in-bot = Открыть в @{ $username }
inline-nothing-found = Ничего не найдено. Открыть бота
inline-search-title = 🔎 { $heading }

## Search

# Plain text in a private chat that names no topic: the best matching sections follow.
search-results-header = 🔎 Найдено по запросу «{ $query }»:
search-nothing-found = По запросу «{ $query }» ничего не найдено. Выберите тему:

## Operators

admin-stats =
    <b>Статистика</b>
    Чаты: активных { $active }, заблокировали бота { $blocked }, вышли { $left }
    Подписчики по темам: { $topics }
    Подписчики по языкам: { $languages }
    Дайджесты за 24 ч: отправлено { $sent }, без новостей { $skipped }, ошибок { $failed }, в работе { $pending }
    Популярные темы во встроенном режиме: { $inline }
admin-reload-done =
    Документы перечитаны: документов { $documents }, разделов { $sections }.
    Пропущенные файлы: { $problems }
# /stats и /reload в группе: ответ уходит оператору в личный чат.
admin-sent-privately = Отправил вам ответ в личные сообщения.
# Sent to every operator when a changed topics file is rejected; $reason names the file, topic and field.
admin-topics-rejected =
    ⚠️ <b>Файл тем отклонён</b>; пока он не исправлен, действуют прежние темы.

    <pre>{ $reason }</pre>
# A paid broadcast (BROADCAST_PAID) refused by Telegram: delivery goes on free.
admin-broadcast-unpaid =
    ⚠️ <b>Платная рассылка отклонена</b>
    Ответ Telegram: { $error }
    Скорее всего, у бота закончились звёзды. Сегодняшние дайджесты уходят бесплатно, { $rate } сообщений в секунду; пополните баланс (или задайте BROADCAST_PAID=false) и перезапустите бота, чтобы снова платить.
admin-private-unreachable = Не могу написать вам в личные сообщения. Откройте чат с @{ $username }, запустите бота и отправьте команду там.

## Privacy

forget-confirm-private = Удалить всё, что я храню о вас: подписку на ежедневный дайджест, историю рассылок и незаконченные диалоги? Отменить это будет нельзя.
forget-confirm-group = Удалить всё, что я храню об этом чате: подписку на ежедневный дайджест, историю рассылок и незаконченные диалоги? Отменить это будет нельзя. Подтвердить может только администратор.
forget-confirm-button = 🗑 Удалить мои данные
forget-confirm-chat-button = 🗑 Удалить данные чата
forget-cancel-button = Отмена
forget-cancelled = Отменено: ничего не удалено.
forget-expired = Эта кнопка устарела. Отправьте /forget ещё раз.
forget-admins-only = Удалять то, что я храню об этом чате, могут только его администраторы.
forget-done = Готово: всё, что я хранил об этом чате (подписка, история рассылок, незаконченные диалоги), удалено. Отправьте /start, чтобы начать заново.
rate-limit-exceeded = Вы отправляете сообщения слишком часто. Подождите, пожалуйста, несколько секунд.

## Digest

# $date: дата дайджеста на языке читателя; $count: новые или обновлённые разделы в нём.
digest-header =
    📬 <b>Дайджест</b> · { $date }
    <i>{ $count ->
        [one] { $count } новый или обновлённый раздел
        [few] { $count } новых или обновлённых раздела
       *[other] { $count } новых или обновлённых разделов
    }</i>
digest-updated = ✏️ Обновлено

## Subscriptions

# The button under every briefing.
subscriptions-subscribe-button = 🔔 Ежедневный дайджест
subscriptions-topics-prompt =
    <b>{ $change ->
        [yes] Настройки дайджеста: темы
       *[no] Ежедневный дайджест, шаг 1 из 3: темы
    }</b>
    Нажмите на тему, чтобы включить или выключить её, затем «Готово». /cancel — отмена.
subscriptions-topic-selected = ✅ { $name }
subscriptions-topic-unselected = ⬜ { $name }
subscriptions-topics-done-button = Готово ➡️
subscriptions-topics-none = Выберите хотя бы одну тему.
subscriptions-topics-use-buttons = Отметьте темы кнопками выше и нажмите «Готово». /cancel — отмена.
subscriptions-time-prompt =
    <b>{ $change ->
        [yes] Настройки дайджеста: время
       *[no] Шаг 2 из 3: время
    }</b>
    Когда присылать дайджест? Нажмите на время или отправьте своё в виде ЧЧ:ММ, например 07:30.
subscriptions-time-invalid = «{ $text }» — не время, которое я понимаю. Отправьте его в виде ЧЧ:ММ от 00:00 до 23:59, например 07:30, или нажмите на кнопку.
subscriptions-zone-prompt =
    <b>{ $change ->
        [yes] Настройки дайджеста: часовой пояс
       *[no] Шаг 3 из 3: часовой пояс
    }</b>
    В каком часовом поясе { $time }? Я предполагаю { $zone }. Нажмите на пояс или отправьте его название, например Asia/Kathmandu.
subscriptions-zone-suggested = 📍 { $zone }
subscriptions-zone-invalid = Я не знаю часового пояса «{ $text }». Отправьте название вроде Europe/Berlin или America/New_York или нажмите на кнопку.
# $first: subscriptions-when of the first digest.
subscriptions-saved =
    ✅ <b>{ $change ->
        [yes] Ежедневный дайджест изменён.
       *[no] Ежедневный дайджест настроен.
    }</b>
    Темы: { $topics }
    Каждый день в { $time } ({ $zone })
    { $change ->
        [yes] Следующий дайджест
       *[no] Первый дайджест
    }: { $first }

    /settings — изменить, /pause — приостановить, /digest — прислать новое прямо сейчас.
subscriptions-saved-channel = Канал: { $channel }
subscriptions-saved-paused = Дайджест приостановлен: /resume возобновит его.
# $date: weekday, day and month in the chat's time zone; $time: HH:MM there.
subscriptions-when = { $date }, { $time } ({ $zone })
subscriptions-cancelled = Отменено, ничего не изменилось.
subscriptions-nothing-to-cancel = Отменять нечего.
subscriptions-expired = Эта кнопка устарела. Отправьте /subscribe, чтобы начать заново.
subscriptions-admins-only = Менять ежедневный дайджест группы могут только её администраторы.
subscriptions-channel-private-only = Дайджест для канала настраивают в личном чате со мной: отправьте там /subscribe @канал.
subscriptions-channel-not-found = Не могу найти канал { $channel }. Добавьте меня в него администратором и попробуйте снова.
subscriptions-channel-not-admin = Управлять дайджестом { $channel } могут только администраторы канала.
subscriptions-channel-cannot-post = Я не могу публиковать в { $channel }. Сделайте меня администратором с правом публикации и попробуйте снова.
subscriptions-unknown-words = Не понял: { $words }. Например: /subscribe space arctic 08:00 Europe/Moscow
subscriptions-unexpected-words = Не понял: { $words }. Темы перечислены в /topics.
subscriptions-none = Ежедневного дайджеста здесь пока нет. /subscribe — настроить.
subscriptions-settings =
    <b>Ежедневный дайджест</b>
    Темы: { $topics }
    Время: { $time } ({ $zone })
    Состояние: { $status }
    Следующий дайджест: { $next }
subscriptions-status-active = включён
subscriptions-status-paused = приостановлен
subscriptions-next-after-resume = после /resume
subscriptions-settings-topics-button = 📚 Темы
subscriptions-settings-time-button = ⏰ Время
subscriptions-settings-zone-button = 🌍 Часовой пояс
subscriptions-unsubscribed = Готово: ежедневных дайджестов больше не будет. /subscribe вернёт их.
subscriptions-unsubscribed-topics = Убрано: { $removed }. В дайджесте остаются: { $topics }.
subscriptions-not-subscribed-topics = В дайджесте нет тем: { $topics }. Его темы: { $current }.
subscriptions-paused = Ежедневный дайджест приостановлен. /resume возобновит его.
subscriptions-already-paused = Ежедневный дайджест уже приостановлен. /resume возобновит его.
subscriptions-resumed = Ежедневный дайджест возобновлён. Следующий: { $next }.
subscriptions-not-paused = Ежедневный дайджест не приостановлен. Следующий: { $next }.
subscriptions-digest-nothing-new = Со времени последнего дайджеста ничего нового.
subscriptions-digest-failed = Не удалось отправить дайджест. Попробуйте позже.
subscriptions-digest-sent-to = Дайджест отправлен в { $channel }.
# /digest where no digest is set up: buttons to subscribe, or to get everything new now.
subscriptions-digest-none = Ежедневного дайджеста здесь пока нет, поэтому «ваших тем» тоже нет. Настройте его или получите новое по всем темам прямо сейчас:
subscriptions-digest-all-button = 📨 Всё сейчас
subscriptions-command-subscribe = Ежедневный дайджест по выбранным темам
subscriptions-command-settings = Настройки ежедневного дайджеста
subscriptions-command-digest = Дайджест прямо сейчас
subscriptions-command-pause = Приостановить дайджест
subscriptions-command-resume = Возобновить дайджест
subscriptions-command-unsubscribe = Отписаться от дайджеста

## Sandbox
# The offline terminal chat of `npm start` without BOT_TOKEN (src/sandbox/); its own lines, not the bot's.
sandbox-banner =
    briefing-bot — офлайн-песочница
    BOT_TOKEN не задан, поэтому бот работает со встроенным эмулятором Telegram на этом компьютере.
    Введите команду (/start, /space, /topics, /help), номер, чтобы нажать кнопку или отправить результат встроенного режима, или «@ космос» для встроенного режима. Ctrl+D (конец ввода) — выход.
    Чтобы подключиться к Telegram, укажите BOT_TOKEN=<токен от @BotFather> в .env (см. .env.example) и снова запустите npm start.
sandbox-session = (бот: @{ $bot }, вы — { $name }, ваш язык: { $language }; LANG=en_US.UTF-8 npm start — разговор по-английски, LANG=zh_CN.UTF-8 — по-китайски)
sandbox-user-name = Саша
sandbox-ignores = Песочница не использует { $variables }: она всегда опрашивает свой эмулятор и хранит данные в своём файле SQLite ({ $database }).
sandbox-inline-results = Результатов: { $count } по запросу «{ $query }» (введите номер, чтобы отправить результат в чат)
sandbox-inline-none = (ничего не найдено)
sandbox-inline-cut = (во встроенном запросе не больше { $limit } символов, как в Telegram; остальное отброшено)
sandbox-via = через @{ $bot }
sandbox-edited = изменено
sandbox-no-number = (под номером { $number } ничего нет)
sandbox-link = (ссылка: { $url })
sandbox-copied = (скопировано в буфер обмена: { $text })
sandbox-refused = (не отправлено: { $reason })
sandbox-warning = Предупреждение: { $text }
sandbox-error = Ошибка: { $text }
