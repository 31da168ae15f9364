## Topics: names, one-line descriptions and menu descriptions

topic-overview-name = 📰 Overview
topic-overview-about = the main points of every document
topic-trade-name = 💱 Trade and economy
topic-trade-about = trade, investment, sanctions, economic cooperation
topic-tech-name = 🤖 High tech and AI
topic-tech-about = science, innovation, artificial intelligence
topic-space-name = 🚀 Space
topic-space-about = space programmes, the Moon, satellites
topic-orgs-name = 🌐 BRICS, SCO and other organizations
topic-orgs-about = BRICS, SCO, EAEU, ASEAN and multilateral formats
topic-arctic-name = 🧊 Arctic
topic-arctic-about = the Arctic, the Northern Sea Route, the Arctic Council

## Start

start-welcome =
    Hello, { $name }! I turn news documents into short topical briefings.

    Pick a topic below or send a command such as /space or /arctic. /topics lists them all, /help explains the rest.

## Help

help-text =
    <b>What I can do</b>

    /topics — every topic and what it covers
    /{ $exampleCommand } — a briefing on one topic (every topic has its own command)

    Each briefing gives a summary and its source. “Full text” shows the whole section, “Share” sends the briefing to any chat.

    In any chat, type <code>@{ $username } space</code> to share a briefing or search the documents.

## Topics list

topics-header = <b>Topics</b>
topics-line = { $name } — /{ $command }
    { $about }

## Briefing

briefing-source = Source: { $source }, { $date }
briefing-source-undated = Source: { $source }
briefing-source-unknown = Source: { $title }
briefing-empty = Nothing on { $topic } yet. Try another topic: /topics
briefing-full-text-button = 📄 Full text
briefing-full-text-section-button = 📄 { $heading }
briefing-share-button = ↗️ Share
briefing-section-gone = This text has been updated or removed. Ask for the briefing again.

## Unhandled input

unhandled-unknown-command = I don't know that command. These are the topics I can brief you on:
unhandled-text = Send a topic command to get a briefing:

## Errors

error-generic = Something went wrong on my side. Please try again in a moment.

## Command menu

command-start = Start and pick a topic
command-help = What the bot can do
command-topics = All topics

## Inline mode

inline-open-in-bot = Open in @{ $username }
inline-nothing-found = Nothing found. Open the bot
inline-search-title = 🔎 { $heading }
