## Topics: names, one-line descriptions and menu descriptions

topic-overview-name = 📰 Главное
topic-overview-about = основное из каждого документа
topic-trade-name = 💱 Торговля и экономика
topic-trade-about = торговля, инвестиции, санкции, экономическое сотрудничество
topic-tech-name = 🤖 Высокие технологии и ИИ
topic-tech-about = наука, инновации, искусственный интеллект
topic-space-name = 🚀 Космос
topic-space-about = космические программы, Луна, спутники
topic-orgs-name = 🌐 БРИКС, ШОС и другие организации
topic-orgs-about = БРИКС, ШОС, ЕАЭС, АСЕАН и многосторонние форматы
topic-arctic-name = 🧊 Арктика
topic-arctic-about = Арктика, Северный морской путь, Арктический совет

## Start

start-welcome =
    Здравствуйте, { $name }! Я превращаю новостные документы в короткие тематические сводки.

    Выберите тему ниже или отправьте команду, например /space или /arctic. /topics покажет все темы, /help расскажет остальное.

## Help

help-text =
    <b>Что я умею</b>

    /topics — все темы и что в них входит
    /{ $exampleCommand } — сводка по одной теме (у каждой темы своя команда)

    В каждой сводке — краткое изложение и источник. «Полный текст» покажет весь раздел, «Поделиться» отправит сводку в любой чат.

    В любом чате наберите <code>@{ $username } космос</code>, чтобы поделиться сводкой или найти что-то в документах.

## Topics list

topics-header = <b>Темы</b>
topics-line = { $name } — /{ $command }
    { $about }

## Briefing

briefing-source = Источник: { $source }, { $date }
briefing-source-undated = Источник: { $source }
briefing-source-unknown = Источник: { $title }
briefing-empty = По теме «{ $topic }» пока ничего нет. Посмотрите другие темы: /topics
briefing-full-text-button = 📄 Полный текст
briefing-full-text-section-button = 📄 { $heading }
briefing-share-button = ↗️ Поделиться
briefing-section-gone = Этот текст обновился или удалён. Запросите сводку ещё раз.

## Unhandled input

unhandled-unknown-command = Такой команды я не знаю. Вот темы, по которым у меня есть сводки:
unhandled-text = Отправьте команду темы, чтобы получить сводку:

## Errors

error-generic = У меня что-то пошло не так. Попробуйте, пожалуйста, ещё раз чуть позже.

## Command menu

command-start = Начать и выбрать тему
command-help = Что умеет бот
command-topics = Все темы

## Inline mode

inline-open-in-bot = Открыть в @{ $username }
inline-nothing-found = Ничего не найдено. Открыть бота
inline-search-title = 🔎 { $heading }
