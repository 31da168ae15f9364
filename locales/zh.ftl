## Start

start-welcome =
    { $name }，您好！我会把新闻文件整理成简短的专题简报。

    请在下方选择一个专题，或发送 /space、/arctic 等命令。/topics 列出全部专题，/help 介绍其他功能。

## Help

help-text =
    <b>我能做什么</b>

    /topics — 全部专题及其涵盖内容
    /{ $exampleCommand } — 单个专题的简报（每个专题都有自己的命令）；也可以直接输入专题名称，其他文字会在文件中搜索
    /subscribe — 每天在您选定的时间推送所选专题的每日摘要
    /settings — 每日摘要的专题、时间和时区
    /digest — 立即查看您的专题有哪些新内容
    /pause、/resume — 暂停每日摘要、恢复推送
    /unsubscribe — 停止每日摘要
    /forget — 删除我保存的本聊天的全部数据
    /cancel — 退出当前对话
    /start — 欢迎页和专题列表；/help — 本帮助

    每份简报都附有内容提要和来源。“全文”显示整个章节，“分享”可把简报发到任意聊天。

    在任何聊天中输入 <code>@{ $username } { $exampleName }</code>，即可分享简报或搜索文件。

## Topics list

topics-header = <b>专题</b>
topics-line = { $name } — /{ $command }
    { $about }
# A topic whose topics.yaml entry has no description.
topics-line-plain = { $name } — /{ $command }

## Briefing

briefing-source = 来源：{ $source }，{ $date }
briefing-source-undated = 来源：{ $source }
briefing-empty = “{ $topic }”专题暂无内容。看看其他专题：/topics
briefing-full-text-button = 📄 全文
briefing-full-text-section-button = 📄 { $heading }
briefing-share-button = ↗️ 分享
# Opens inline mode in a chat the user picks (users and groups only).
briefing-send-to-contact-button = 👤 发给联系人
# Copies the deep link that opens the bot on the topic.
briefing-copy-link-button = 🔗 复制链接
# Pages through the older sections of a topic; $count is how many are left.
briefing-more-button = ⏬ 更多（{ $count }）
briefing-section-gone = 这段内容已更新或删除。请重新获取简报。
# A button of a topic that no longer exists (removed from the bot's topics).
briefing-topic-gone = 这个专题已不再提供。现有专题如下：

## Unhandled input

unhandled-unknown-command = 我不认识这个命令。以下是我可以提供简报的专题：
unhandled-text = 发送专题命令即可获取简报：
# A toast on a button the bot no longer knows (an old message, another version).
unhandled-button-expired = 此按钮已失效。发送 /start 查看专题。

## Errors

error-generic = 我这边出了点问题，请稍后再试。

## Command menu

command-start = 开始并选择专题
command-help = 机器人能做什么
command-topics = 全部专题
command-forget = 删除机器人保存的本聊天数据
command-cancel = 退出当前对话
# The bot's profile: shown in an empty chat with it (512 characters at most) and on its profile page (120).
bot-description = 我把新闻文件整理成附有来源的简短专题简报。发送 /topics 或专题名称，输入任意文字即可搜索；在任何聊天中输入我的 @用户名 即可分享简报；发送 /subscribe 在您选定的时间接收每日摘要。
bot-short-description = 附有来源的新闻专题简报，一键分享，并可在您选定的时间接收每日摘要。

## Inline mode

inline-open-in-bot = 在 @{ $username } 中打开
inline-nothing-found = 未找到结果。打开机器人
inline-search-title = 🔎 { $heading }

## Search

# Plain text in a private chat that names no topic: the best matching sections follow.
search-results-header = 🔎 “{ $query }”的搜索结果：
search-nothing-found = 未找到与“{ $query }”相关的内容。请选择一个专题：

## Operators

admin-stats =
    <b>统计</b>
    聊天：活跃 { $active }，已屏蔽机器人 { $blocked }，已退出 { $left }
    各专题订阅数：{ $topics }
    各语言订阅数：{ $languages }
    过去 24 小时的每日摘要：已发送 { $sent }，无新内容 { $skipped }，失败 { $failed }，处理中 { $pending }
    内联模式热门专题：{ $inline }
admin-reload-done =
    已重新加载资料：文件 { $documents } 份，章节 { $sections } 个。
    跳过的文件：{ $problems }
# /stats and /reload typed in a group: the answer goes to the operator's private chat.
admin-sent-privately = 我已通过私聊把结果发给您。
# Sent to every operator when a changed topics file is rejected; $reason names the file, topic and field.
admin-topics-rejected =
    ⚠️ <b>专题文件未被采用</b>；在修正之前，仍沿用原有专题。

    <pre>{ $reason }</pre>
# A paid broadcast (BROADCAST_PAID) refused by Telegram: delivery goes on free.
admin-broadcast-unpaid =
    ⚠️ <b>付费群发被拒绝</b>
    Telegram 的答复：{ $error }
    机器人的 Star 余额可能已用完。今天的每日摘要将免费发送，每秒 { $rate } 条；充值余额（或设置 BROADCAST_PAID=false）并重启后才会再次付费。
admin-private-unreachable = 我无法私聊您。请打开与 @{ $username } 的对话，点击“开始”，然后在那里发送命令。

## Privacy

forget-confirm-private = 要删除我保存的关于您的全部数据吗？包括每日摘要订阅、推送记录和未完成的对话。此操作无法撤销。
forget-confirm-group = 要删除我保存的关于此聊天的全部数据吗？包括每日摘要订阅、推送记录和未完成的对话。此操作无法撤销，且只有管理员可以确认。
forget-confirm-button = 🗑 删除我的数据
forget-confirm-chat-button = 🗑 删除此聊天的数据
forget-cancel-button = 取消
forget-cancelled = 已取消：没有删除任何数据。
forget-expired = 此按钮已过期。请重新发送 /forget。
forget-admins-only = 只有此聊天的管理员才能删除我保存的相关数据。
forget-done = 完成：我保存的关于此聊天的全部数据（订阅、推送记录、未完成的对话）均已删除。发送 /start 可重新开始。
rate-limit-exceeded = 您发送消息太频繁了，请稍等几秒。

## Digest

# $date: the digest's date in the reader's language; $count: new or updated sections in it (Chinese has no plural forms).
digest-header =
    📬 <b>每日摘要</b> · { $date }
    <i>新增或更新 { $count } 个章节</i>
digest-updated = ✏️ 已更新

## Subscriptions

# The button under every briefing.
subscriptions-subscribe-button = 🔔 每日摘要
subscriptions-topics-prompt =
    <b>{ $change ->
        [yes] 每日摘要设置：专题
       *[no] 每日摘要，第 1 步（共 3 步）：专题
    }</b>
    点击专题可开启或关闭，然后点“完成”。发送 /cancel 退出。
subscriptions-topic-selected = ✅ { $name }
subscriptions-topic-unselected = ⬜ { $name }
subscriptions-topics-done-button = 完成 ➡️
subscriptions-topics-none = 请至少选择一个专题。
subscriptions-topics-use-buttons = 请点击上方的专题，然后点“完成”。发送 /cancel 退出。
subscriptions-time-prompt =
    <b>{ $change ->
        [yes] 每日摘要设置：时间
       *[no] 第 2 步（共 3 步）：时间
    }</b>
    您希望什么时候收到每日摘要？请点击一个时间，或按 HH:MM 格式发送，例如 07:30。
subscriptions-time-invalid = 我看不懂“{ $text }”这个时间。请按 HH:MM 格式发送 00:00 到 23:59 之间的时间，例如 07:30，或点击按钮。
subscriptions-zone-prompt =
    <b>{ $change ->
        [yes] 每日摘要设置：时区
       *[no] 第 3 步（共 3 步）：时区
    }</b>
    { $time } 是哪个时区的时间？我猜是 { $zone }。请点击一个时区，或发送时区名称或城市名，例如 Asia/Kathmandu 或 上海。
subscriptions-zone-suggested = 📍 { $zone }
subscriptions-zone-invalid = 我不认识时区“{ $text }”。请发送 Asia/Shanghai、Europe/Berlin 这样的名称或 北京、香港 这样的城市名，或点击按钮。
# $first: subscriptions-when of the first digest.
subscriptions-saved =
    ✅ <b>{ $change ->
        [yes] 每日摘要已修改。
       *[no] 每日摘要已设置好。
    }</b>
    专题：{ $topics }
    每天 { $time }（{ $zone }）
    { $change ->
        [yes] 下次推送
       *[no] 首次推送
    }：{ $first }

    /settings 修改设置，/pause 暂停推送，/digest 立即发送最新内容。
subscriptions-saved-channel = 频道：{ $channel }
subscriptions-saved-paused = 每日摘要已暂停：发送 /resume 恢复。
# $date: weekday, day and month in the chat's time zone; $time: HH:MM there.
subscriptions-when = { $date } { $time }（{ $zone }）
subscriptions-cancelled = 已取消，没有做任何更改。
subscriptions-nothing-to-cancel = 没有可取消的操作。
subscriptions-expired = 此按钮已过期。请发送 /subscribe 重新开始。
subscriptions-admins-only = 只有本群管理员才能修改本群的每日摘要。
subscriptions-channel-private-only = 频道的每日摘要需要在与我的私聊中设置：请在私聊中发送 /subscribe @频道。
subscriptions-channel-not-found = 找不到频道 { $channel }。请把我添加为该频道的管理员，然后重试。
subscriptions-channel-not-admin = 只有 { $channel } 的管理员才能管理它的每日摘要。
subscriptions-channel-cannot-post = 我无法在 { $channel } 发布消息。请把我设为有发布权限的管理员，然后重试。
subscriptions-unknown-words = 没看懂：{ $words }。例如：/subscribe space arctic 08:00 Asia/Shanghai
subscriptions-unexpected-words = 没看懂：{ $words }。专题列表见 /topics。
subscriptions-none = 这里还没有设置每日摘要。发送 /subscribe 即可设置。
subscriptions-settings =
    <b>每日摘要</b>
    专题：{ $topics }
    时间：{ $time }（{ $zone }）
    状态：{ $status }
    下次推送：{ $next }
subscriptions-status-active = 已开启
subscriptions-status-paused = 已暂停
subscriptions-next-after-resume = 发送 /resume 之后
subscriptions-settings-topics-button = 📚 专题
subscriptions-settings-time-button = ⏰ 时间
subscriptions-settings-zone-button = 🌍 时区
subscriptions-unsubscribed = 完成：不再推送每日摘要。发送 /subscribe 可重新订阅。
subscriptions-unsubscribed-topics = 已移除：{ $removed }。每日摘要中仍保留：{ $topics }。
subscriptions-not-subscribed-topics = 每日摘要中没有这些专题：{ $topics }。当前专题：{ $current }。
subscriptions-paused = 每日摘要已暂停。发送 /resume 恢复。
subscriptions-already-paused = 每日摘要已经处于暂停状态。发送 /resume 恢复。
subscriptions-resumed = 每日摘要已恢复。下次推送：{ $next }。
subscriptions-not-paused = 每日摘要并未暂停。下次推送：{ $next }。
subscriptions-digest-nothing-new = 自上次推送以来没有新内容。
subscriptions-digest-failed = 每日摘要发送失败，请稍后再试。
subscriptions-digest-sent-to = 每日摘要已发送到 { $channel }。
# /digest where no digest is set up: buttons to subscribe, or to get everything new now.
subscriptions-digest-none = 这里还没有设置每日摘要，因此也没有“您的专题”。请先设置，或立即获取所有专题的新内容：
subscriptions-digest-all-button = 📨 立即获取全部
subscriptions-command-subscribe = 订阅所选专题的每日摘要
subscriptions-command-settings = 每日摘要设置
subscriptions-command-digest = 立即获取今天的摘要
subscriptions-command-pause = 暂停每日摘要
subscriptions-command-resume = 恢复每日摘要
subscriptions-command-unsubscribe = 停止每日摘要

## Sandbox
# The offline terminal chat of `npm start` without BOT_TOKEN (src/sandbox/); its own lines, not the bot's.
sandbox-banner =
    briefing-bot — 离线沙盒
    未设置 BOT_TOKEN，机器人在本机内置的 Telegram 模拟器上运行。
    输入命令（/start、/space、/topics、/help），输入数字按下按钮或发送内联结果，或输入“@ 航天”使用内联模式。Ctrl+D（输入结束）退出。
    要连接 Telegram，请在 .env 中写入 BOT_TOKEN=<@BotFather 提供的令牌>（见 .env.example），然后再次运行 npm start。
sandbox-session = （机器人：@{ $bot }，您是{ $name }，您的语言：{ $language }；LANG=en_US.UTF-8 npm start 用英文聊天，LANG=ru_RU.UTF-8 用俄文）
sandbox-user-name = 小明
sandbox-ignores = 沙盒不使用 { $variables }：它始终轮询自己的模拟器，并使用自己的 SQLite 文件（{ $database }）。
sandbox-inline-results = “{ $query }”的结果：{ $count } 条（输入数字即可把该结果发送到聊天）
sandbox-inline-none = （没有结果）
sandbox-inline-cut = （与 Telegram 一样，内联查询最多 { $limit } 个字符，其余部分已省略）
sandbox-via = 通过 @{ $bot }
sandbox-edited = 已编辑
sandbox-no-number = （没有编号为 { $number } 的项）
sandbox-link = （链接：{ $url }）
sandbox-copied = （已复制到剪贴板：{ $text }）
sandbox-refused = （未发送：{ $reason }）
sandbox-warning = 警告：{ $text }
sandbox-error = 错误：{ $text }
