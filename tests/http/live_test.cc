// The live ticker's parts without a server: the hub (places, broadcast, slow subscribers)
// and the event each client receives.
#include "src/http/live.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "src/content/text.h"

namespace khabar::http {
namespace {

// A subscriber that records what it was sent; its backlog is set by the test.
class FakeSink : public EventSink {
 public:
  void Send(std::shared_ptr<const std::string> bytes) override {
    if (!closed_) sent.push_back(std::move(bytes));
  }
  size_t queued_bytes() const override { return backlog; }
  bool closed() const override { return closed_; }
  void Close() override { closed_ = true; }

  std::vector<std::shared_ptr<const std::string>> sent;
  size_t backlog = 0;

 private:
  bool closed_ = false;
};

TEST(LiveHubTest, PlacesAreLimitedAndGivenBack) {
  LiveHub hub({.max_clients = 2, .max_queue_bytes = 1024});
  auto a = hub.Reserve();
  auto b = hub.Reserve();
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(hub.Reserve());  // the third client is refused
  EXPECT_EQ(hub.clients(), 2u);
  b.reset();  // a stream closed
  EXPECT_EQ(hub.clients(), 1u);
  EXPECT_TRUE(hub.Reserve());
}

TEST(LiveHubTest, ANewSubscriberGetsTheCurrentStateThenEveryEvent) {
  LiveHub hub({.max_clients = 10, .max_queue_bytes = 1024});
  auto early = std::make_shared<FakeSink>();
  hub.Subscribe(early);
  EXPECT_TRUE(early->sent.empty());  // nothing published yet
  hub.Publish("event one");
  auto late = std::make_shared<FakeSink>();
  hub.Subscribe(late);
  ASSERT_EQ(late->sent.size(), 1u);
  EXPECT_EQ(*late->sent[0], "event one");

  hub.Publish("event two");
  ASSERT_EQ(early->sent.size(), 2u);
  ASSERT_EQ(late->sent.size(), 2u);
  EXPECT_EQ(*early->sent[1], "event two");
  // Serialized once: every subscriber is sent the very same bytes.
  EXPECT_EQ(early->sent[1].get(), late->sent[1].get());

  // A heartbeat goes to all and is not a state a newcomer receives.
  hub.Broadcast(kHeartbeat);
  EXPECT_EQ(*late->sent.back(), kHeartbeat);
  EXPECT_EQ(hub.current(), "event two");
  auto third = std::make_shared<FakeSink>();
  hub.Subscribe(third);
  ASSERT_EQ(third->sent.size(), 1u);
  EXPECT_EQ(*third->sent[0], "event two");
}

TEST(LiveHubTest, ANewSubscriberIsNeverSentAStateOlderThanTheDatabase) {
  // The producer last published before a write; a reader loads the page after it and
  // subscribes before the producer's next round: the refresh runs first.
  LiveHub hub({.max_clients = 10, .max_queue_bytes = 1024});
  hub.Publish("before the write");
  int refreshed = 0;
  hub.RefreshBeforeSubscribe([&] {
    ++refreshed;
    hub.Publish("after the write");
  });
  auto reader = std::make_shared<FakeSink>();
  hub.Subscribe(reader);
  EXPECT_EQ(refreshed, 1);
  ASSERT_EQ(reader->sent.size(), 1u);
  EXPECT_EQ(*reader->sent[0], "after the write");
}

TEST(LiveHubTest, ASubscriberTooFarBehindIsDroppedAndTheOthersGoOn) {
  LiveHub hub({.max_clients = 10, .max_queue_bytes = 100});
  auto reader = std::make_shared<FakeSink>();
  auto stuck = std::make_shared<FakeSink>();
  hub.Subscribe(reader);
  hub.Subscribe(stuck);
  stuck->backlog = 95;  // five bytes of room left
  hub.Publish("short");
  EXPECT_FALSE(stuck->closed());  // exactly at the bound: still sent
  EXPECT_EQ(stuck->sent.size(), 1u);
  hub.Publish("one more event");
  EXPECT_TRUE(stuck->closed());
  EXPECT_EQ(stuck->sent.size(), 1u);
  EXPECT_EQ(hub.dropped(), 1u);
  EXPECT_EQ(reader->sent.size(), 2u);
  EXPECT_EQ(hub.subscribers(), 1u);
  hub.Publish("later");
  EXPECT_EQ(reader->sent.size(), 3u);
}

TEST(LiveHubTest, ClosedAndVanishedSubscribersAreForgotten) {
  LiveHub hub({.max_clients = 10, .max_queue_bytes = 1024});
  auto stays = std::make_shared<FakeSink>();
  auto leaves = std::make_shared<FakeSink>();
  auto closes = std::make_shared<FakeSink>();
  hub.Subscribe(stays);
  hub.Subscribe(leaves);
  hub.Subscribe(closes);
  EXPECT_EQ(hub.subscribers(), 3u);
  leaves.reset();  // the connection is gone: the hub never kept it alive
  closes->Close();
  EXPECT_EQ(hub.subscribers(), 1u);
  hub.Publish("x");
  EXPECT_EQ(stays->sent.size(), 1u);
  EXPECT_TRUE(closes->sent.empty());
}

// The data line of an event, parsed.
nlohmann::json DataOf(const std::string& event) {
  size_t at = event.find("\ndata: ");
  EXPECT_NE(at, std::string::npos) << event;
  size_t end = event.find('\n', at + 7);
  return nlohmann::json::parse(event.substr(at + 7, end - at - 7));
}

TEST(TickerEventTest, IsOneWellFormedEventWhateverTheTitlesHold) {
  std::vector<TickerItem> items(2);
  items[0].title = "عاجل: \"اقتباس\" \\ سطر\nثان\r\nو</script><img src=x onerror=alert(1)>";
  items[0].url = "/2026/03/%D8%AE%D8%A8%D8%B1/";
  items[0].breaking = true;
  items[1].title = "خبر عادي";
  items[1].url = "/2026/03/other/";
  std::string event = TickerEvent(items);

  // id, event name, one data line, then the blank line that ends the event: nothing a title
  // holds can end a field or the event early.
  ASSERT_TRUE(event.starts_with("id: ")) << event;
  EXPECT_TRUE(event.ends_with("\n\n"));
  EXPECT_EQ(event.find("\n\n"), event.size() - 2);
  EXPECT_EQ(event.find('\r'), std::string::npos);
  size_t lines = 0;
  for (char c : event) lines += c == '\n';
  EXPECT_EQ(lines, 4u);  // id, event, data, blank
  EXPECT_NE(event.find("\nevent: ticker\n"), std::string::npos);
  EXPECT_EQ(event.substr(4, event.find('\n') - 4).size(), 16u);

  nlohmann::json data = DataOf(event);
  ASSERT_EQ(data["items"].size(), 2u);
  EXPECT_EQ(data["items"][0]["title"], items[0].title);  // intact after the round trip
  EXPECT_EQ(data["items"][0]["url"], items[0].url);
  EXPECT_EQ(data["items"][0]["breaking"], true);
  EXPECT_EQ(data["items"][1]["breaking"], false);
  // Arabic travels as UTF-8, not as \u escapes.
  EXPECT_NE(event.find("خبر عادي"), std::string::npos);
}

TEST(TickerEventTest, TheIdFollowsTheContent) {
  std::vector<TickerItem> items(1);
  items[0].title = "خبر";
  items[0].url = "/2026/03/a/";
  std::string first = TickerEvent(items);
  EXPECT_EQ(TickerEvent(items), first);  // another node with the same state: same id
  items[0].breaking = true;
  std::string second = TickerEvent(items);
  EXPECT_NE(second.substr(0, second.find('\n')), first.substr(0, first.find('\n')));
  EXPECT_EQ(DataOf(TickerEvent({}))["items"].size(), 0u);
}

TEST(TickerEventTest, InvalidUtf8IsReplacedNotFatal) {
  std::vector<TickerItem> items(1);
  items[0].title = std::string("خبر \xff\xfe مكسور");
  items[0].url = "/2026/03/a/";
  std::string event;
  ASSERT_NO_THROW(event = TickerEvent(items));
  std::string title = DataOf(event)["items"][0]["title"];
  EXPECT_TRUE(title.starts_with("خبر "));
  EXPECT_TRUE(title.ends_with(" مكسور"));
}

TEST(TickerEventTest, ItemsKeepTheTickerOrderWithPermalinks) {
  std::vector<content::ArticleSummary> ticker(2);
  ticker[0].title = "عاجل";
  ticker[0].slug = "عاجل";
  ticker[0].published_at = 1772323200;  // 2026-03-01
  ticker[0].breaking = true;
  ticker[1].title = "أقدم";
  ticker[1].slug = "old";
  ticker[1].published_at = 1772323200;
  auto items = TickerItems(ticker, content::TimeZone());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "عاجل");
  EXPECT_TRUE(items[0].breaking);
  EXPECT_FALSE(items[1].breaking);
  EXPECT_EQ(items[0].url, content::Permalink(ticker[0].published_at, "عاجل", content::TimeZone()));
  EXPECT_EQ(items[1].url, "/2026/03/old/");
}

TEST(TickerEventTest, RetryTellsTheBrowserHowLongToWait) {
  EXPECT_EQ(RetryField(3000), "retry: 3000\n\n");
}

}  // namespace
}  // namespace khabar::http
