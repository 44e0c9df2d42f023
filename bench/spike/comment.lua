-- wrk script for bench/spike.sh: every request posts a new comment, with a body no other
-- request has, to one article's comment form. Counts the acknowledged posts (303 See
-- Other: the comment is stored) and the others, over all threads.
--
--   wrk ... -s bench/spike/comment.lua URL -- POST_ID TOKEN RUN
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  post_id, token, run = args[1], args[2], args[3]
  sent, acks, others = 0, 0, 0
end

function request()
  sent = sent + 1
  local body = "comment_post_ID=" .. post_id .. "&comment_parent=0&author=Spike+reader+" .. tid ..
      "&email=reader" .. tid .. "%40example.com&url=&website_hp=" ..
      "&comment=spike-" .. run .. "-" .. tid .. "-" .. sent ..
      "+%D8%AA%D8%B9%D9%84%D9%8A%D9%82+%D9%84%D9%84%D9%82%D9%8A%D8%A7%D8%B3&token=" .. token
  return wrk.format("POST", "/wp-comments-post.php",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
  if status == 303 then acks = acks + 1 else others = others + 1 end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("acks")
    o = o + t:get("others")
  end
  io.write(string.format("ACKS %d OTHERS %d\n", a, o))
end
