## Start

start-welcome =
    Hello, { $name }! I turn news documents into short topical briefings.

    Pick a topic below or send a command such as /{ $exampleCommand }. /topics lists them all, /help explains the rest.

## Help

help-text =
    <b>What I can do</b>

    /topics — every topic and what it covers
    /{ $exampleCommand } — a briefing on one topic (every topic has its own command); typing a topic's name works too, and any other words search the documents
    /subscribe — a daily digest of your topics at your time
    /settings — the digest's topics, time and time zone
    /digest — what is new in your topics, now
    /pause, /resume — pause the daily digest, start it again
    /unsubscribe — stop the daily digest
    /forget — delete everything I stored about this chat
    /cancel — leave the current dialogue
    /start — the welcome and the topics; /help — this message

    Each briefing gives a summary and its source. “Full text” shows the whole section, “Share” sends the briefing to any chat.

    In any chat, type <code>@{ $username } { $exampleName }</code> to share a briefing or search the documents.

## Topics list

topics-header = <b>Topics</b>
topics-line = { $name } — /{ $command }
    { $about }
# A topic whose topics.yaml entry has no description.
topics-line-plain = { $name } — /{ $command }

## Briefing

briefing-source = Source: { $source }, { $date }
briefing-source-undated = Source: { $source }
briefing-empty = Nothing on { $topic } yet. Try another topic: /topics
briefing-full-text-button = 📄 Full text
briefing-full-text-section-button = 📄 { $heading }
briefing-share-button = ↗️ Share
# Opens inline mode in a chat the user picks (users and groups only).
briefing-send-to-contact-button = 👤 Send to a contact
# Copies the deep link that opens the bot on the topic.
briefing-copy-link-button = 🔗 Copy link
# Pages through the older sections of a topic; $count is how many are left.
briefing-more-button = ⏬ More ({ $count })
briefing-section-gone = This text has been updated or removed. Ask for the briefing again.
# A button of a topic that no longer exists (removed from the bot's topics).
briefing-topic-gone = This topic is no longer offered. These are the topics now:

## Unhandled input

unhandled-unknown-command = I don't know that command. These are the topics I can brief you on:
unhandled-text = Send a topic command to get a briefing:
# A toast on a button the bot no longer knows (an old message, another version).
unhandled-button-expired = This button no longer works. Send /start to see the topics.

## Errors

error-generic = Something went wrong on my side. Please try again in a moment.

## Command menu

command-start = Start and pick a topic
command-help = What the bot can do
command-topics = All topics
command-forget = Delete what I stored about this chat
command-cancel = Leave the current dialogue
# The bot's profile: shown in an empty chat with it (512 characters at most) and on its profile page (120).
bot-description = I turn news documents into short topical briefings, each with its source. Send /topics or a topic's name, type any words to search, share a briefing into any chat by typing my @username, and /subscribe to a daily digest at your own time.
bot-short-description = Topical briefings from news documents, with sources, shared in one tap, and a daily digest at your time.

## Inline mode

inline-open-in-bot = Open in @{ $username }
inline-nothing-found = Nothing found. Open the bot
inline-search-title = 🔎 { $heading }

## Search

# Plain text in a private chat that names no topic: the best matching sections follow.
search-results-header = 🔎 Found for «{ $query }»:
search-nothing-found = Nothing found for «{ $query }». Pick a topic:

## Operators

admin-stats =
    <b>Statistics</b>
    Chats: { $active } active, { $blocked } blocked, { $left } left
    Subscribers by topic: { $topics }
    Subscribers by language: { $languages }
    Digests in the last 24 h: { $sent } sent, { $skipped } with nothing new, { $failed } failed, { $pending } in progress
    Top inline topics: { $inline }
admin-reload-done =
    Seeds reloaded: { $documents } documents, { $sections } sections.
    Skipped files: { $problems }
# /stats and /reload typed in a group: the answer goes to the operator's private chat.
admin-sent-privately = I've sent you the answer in a private chat.
# Sent to every operator when a changed topics file is rejected; $reason names the file, topic and field.
admin-topics-rejected =
    ⚠️ <b>The topics file was rejected</b>; the previous topics stay until it is fixed.

    <pre>{ $reason }</pre>
# A paid broadcast (BROADCAST_PAID) refused by Telegram: delivery goes on free.
admin-broadcast-unpaid =
    ⚠️ <b>Paid broadcast refused</b>
    Telegram answered: { $error }
    The bot's Star balance probably ran out. Today's digests go on free, at { $rate } messages a second; top up the balance (or set BROADCAST_PAID=false) and restart to pay again.
admin-private-unreachable = I can't message you privately. Open a chat with @{ $username }, press Start, then send the command there.

## Privacy

forget-confirm-private = Delete everything I stored about you: your daily digest subscription, delivery history and unfinished dialogues? This cannot be undone.
forget-confirm-group = Delete everything I stored about this chat: its daily digest subscription, delivery history and unfinished dialogues? This cannot be undone. Only an admin can confirm.
forget-confirm-button = 🗑 Delete my data
forget-confirm-chat-button = 🗑 Delete this chat's data
forget-cancel-button = Cancel
forget-cancelled = Cancelled: nothing was deleted.
forget-expired = This button has expired. Send /forget again.
forget-admins-only = Only the admins of this chat can delete what I stored about it.
forget-done = Done: everything I stored about this chat (subscription, delivery history, unfinished dialogues) is deleted. Send /start to begin again.
rate-limit-exceeded = You're sending messages too fast. Please wait a few seconds.

## Digest

# $date: the digest's date in the reader's language; $count: new or updated sections in it.
digest-header =
    📬 <b>Daily digest</b> · { $date }
    <i>{ $count ->
        [one] { $count } new or updated section
       *[other] { $count } new or updated sections
    }</i>
digest-updated = ✏️ Updated

## Subscriptions

# The button under every briefing.
subscriptions-subscribe-button = 🔔 Daily digest
subscriptions-topics-prompt =
    <b>{ $change ->
        [yes] Daily digest settings: topics
       *[no] Daily digest, step 1 of 3: topics
    }</b>
    Tap a topic to turn it on or off, then “Done”. /cancel stops.
subscriptions-topic-selected = ✅ { $name }
subscriptions-topic-unselected = ⬜ { $name }
subscriptions-topics-done-button = Done ➡️
subscriptions-topics-none = Pick at least one topic.
subscriptions-topics-use-buttons = Tap the topics above, then “Done”. /cancel stops.
subscriptions-time-prompt =
    <b>{ $change ->
        [yes] Daily digest settings: time
       *[no] Step 2 of 3: time
    }</b>
    When should the digest come? Tap a time or send your own as HH:MM, e.g. 07:30.
subscriptions-time-invalid = “{ $text }” is not a time I understand. Send it as HH:MM between 00:00 and 23:59, e.g. 07:30, or tap a button.
subscriptions-zone-prompt =
    <b>{ $change ->
        [yes] Daily digest settings: time zone
       *[no] Step 3 of 3: time zone
    }</b>
    In which time zone is { $time }? My guess is { $zone }. Tap a zone or send its name, e.g. Asia/Kathmandu.
subscriptions-zone-suggested = 📍 { $zone }
subscriptions-zone-invalid = I don't know the time zone “{ $text }”. Send a name like Europe/Berlin or America/New_York, or tap a button.
# $first: subscriptions-when of the first digest.
subscriptions-saved =
    ✅ <b>{ $change ->
        [yes] Daily digest changed.
       *[no] Daily digest is set up.
    }</b>
    Topics: { $topics }
    Every day at { $time } ({ $zone })
    { $change ->
        [yes] Next digest
       *[no] First digest
    }: { $first }

    /settings changes it, /pause pauses it, /digest sends what is new right now.
subscriptions-saved-channel = Channel: { $channel }
subscriptions-saved-paused = The digest is paused: /resume starts it again.
# $date: weekday, day and month in the chat's time zone; $time: HH:MM there.
subscriptions-when = { $date }, { $time } ({ $zone })
subscriptions-cancelled = Cancelled. Nothing was changed.
subscriptions-nothing-to-cancel = There is nothing to cancel.
subscriptions-expired = This button has expired. Send /subscribe to start again.
subscriptions-admins-only = Only the admins of this group can change its daily digest.
subscriptions-channel-private-only = A channel's digest is set up in a private chat with me: send /subscribe @channel there.
subscriptions-channel-not-found = I can't find the channel { $channel }. Add me to it as an admin, then try again.
subscriptions-channel-not-admin = Only the admins of { $channel } can manage its daily digest.
subscriptions-channel-cannot-post = I can't post in { $channel }. Make me an admin allowed to post messages, then try again.
subscriptions-unknown-words = I didn't understand: { $words }. For example: /subscribe space arctic 08:00 Europe/Moscow
subscriptions-unexpected-words = I didn't understand: { $words }. The topics are listed in /topics.
subscriptions-none = There is no daily digest here yet. /subscribe sets one up.
subscriptions-settings =
    <b>Daily digest</b>
    Topics: { $topics }
    Time: { $time } ({ $zone })
    Status: { $status }
    Next digest: { $next }
subscriptions-status-active = on
subscriptions-status-paused = paused
subscriptions-next-after-resume = after /resume
subscriptions-settings-topics-button = 📚 Topics
subscriptions-settings-time-button = ⏰ Time
subscriptions-settings-zone-button = 🌍 Time zone
subscriptions-unsubscribed = Done: no more daily digests. /subscribe brings them back.
subscriptions-unsubscribed-topics = Removed: { $removed }. Still in the digest: { $topics }.
subscriptions-not-subscribed-topics = The digest has no { $topics } in it. Its topics: { $current }.
subscriptions-paused = The daily digest is paused. /resume starts it again.
subscriptions-already-paused = The daily digest is already paused. /resume starts it again.
subscriptions-resumed = The daily digest is back. Next one: { $next }.
subscriptions-not-paused = The daily digest is not paused. Next one: { $next }.
subscriptions-digest-nothing-new = Nothing new since the last digest.
subscriptions-digest-failed = I couldn't send the digest. Please try again later.
subscriptions-digest-sent-to = The digest went to { $channel }.
# /digest where no digest is set up: buttons to subscribe, or to get everything new now.
subscriptions-digest-none = There is no daily digest here yet, so there are no “your topics”. Set one up, or get what is new in every topic now:
subscriptions-digest-all-button = 📨 Everything now
subscriptions-command-subscribe = Daily digest of chosen topics
subscriptions-command-settings = Daily digest settings
subscriptions-command-digest = Today's digest now
subscriptions-command-pause = Pause the daily digest
subscriptions-command-resume = Resume the daily digest
subscriptions-command-unsubscribe = Stop the daily digest

## Sandbox
# The offline terminal chat of `npm start` without BOT_TOKEN (src/sandbox/); its own lines, not the bot's.
sandbox-banner =
    briefing-bot — offline sandbox
    No BOT_TOKEN is set, so the bot runs against the built-in Telegram emulator on this machine.
    Type a command (/start, /space, /topics, /help), a number to press a button or to send an inline result, or "@ space" for inline mode. Ctrl+D (end of input) quits.
    To connect to Telegram, put BOT_TOKEN=<token from @BotFather> in .env (see .env.example) and run npm start again.
sandbox-session = (bot: @{ $bot }, you are { $name }, your language: { $language }; LANG=ru_RU.UTF-8 npm start chats in Russian, LANG=zh_CN.UTF-8 in Chinese)
sandbox-user-name = Alex
sandbox-ignores = The sandbox ignores { $variables }: it always polls its own emulator and keeps its own SQLite file ({ $database }).
sandbox-inline-results = { $count } result(s) for "{ $query }" (type a number to send that result into the chat)
sandbox-inline-none = (no results)
sandbox-inline-cut = (an inline query holds at most { $limit } characters, as in Telegram; the rest was left out)
sandbox-via = via @{ $bot }
sandbox-edited = edited
sandbox-no-number = (nothing has the number { $number })
sandbox-link = (link: { $url })
sandbox-copied = (copied to the clipboard: { $text })
sandbox-refused = (not sent: { $reason })
sandbox-warning = Warning: { $text }
sandbox-error = Error: { $text }
