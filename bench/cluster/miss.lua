-- wrk script: each request an article address no cache holds yet (a query string of its
-- own), so that Varnish passes it to a node and the node renders it from the database.
-- Usage: wrk ... -s bench/cluster/miss.lua URL -- PATHS_FILE RUN_ID
local paths = {}
local counter = 0
local tag = 0
local threads = 0
local run = ""

function setup(thread)
  threads = threads + 1
  thread:set("tag", threads)
end

function init(args)
  run = args[2] or ""
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path .. "?miss=" .. run .. "-" .. tag .. "-" .. counter)
end
