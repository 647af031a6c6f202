-- People reached in each month of one year, by channel.
-- Grain: month x channel. Parameters: $year, $municipalities.
-- people_reached = sum of the audience reported by the partners of the chosen municipalities
-- (website, social media, TV, radio, print, people met in person); an estimate of contacts,
-- not of distinct people: one person reached on two channels counts twice.
select
    month(month) as month,
    channel,
    sum(people_reached)::bigint as people_reached
from outreach
where year(month) = $year
  and list_contains($municipalities, municipality_code)
group by all
order by month, channel
